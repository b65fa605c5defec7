import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { AdminApi, AdminSite } from "./api.ts";

export interface Admin {
  api: AdminApi;
  /** The sites this token may act on, loaded once at sign-in; the filters and forms offer them. */
  sites: AdminSite[];
  setSites: (sites: AdminSite[]) => void;
}

export const AdminContext = createContext<Admin | null>(null);

export function useAdmin(): Admin {
  const admin = useContext(AdminContext);
  if (!admin) throw new Error("useAdmin() outside the signed-in dashboard");
  return admin;
}
