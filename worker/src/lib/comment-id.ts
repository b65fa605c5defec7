import { ID_PATTERN } from "../../../shared/schemas.ts";
import { ApiError } from "./api-error.ts";

/** The `:id` of a path; an id that cannot exist is simply not found. */
export function commentIdParam(id: string): string {
  if (!ID_PATTERN.test(id)) throw new ApiError("not_found", "This comment does not exist.");
  return id;
}
