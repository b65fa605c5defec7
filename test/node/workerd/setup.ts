// Each test file of the `worker-node` project: its Node server stops (and its file goes) after it.
import { afterAll } from "vitest";
import { stop } from "./node-runtime.ts";

afterAll(stop);
