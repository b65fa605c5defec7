// The entry of the /admin dashboard: its own bundle (vite.admin.config.ts), never part of embed.js.
import { render } from "preact";
import { App } from "./app.tsx";
import "./admin.css";

render(<App />, document.getElementById("app") as HTMLElement);
