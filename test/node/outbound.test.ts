// Outbound requests on Node reach public addresses only (worker/node/outbound.ts): the check is
// in the connection's own lookup, so a public-looking name that resolves to loopback, the local
// network or a metadata address is refused, and the address connected to is the one checked.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  guardOutbound,
  isPublicAddress,
  publicOnlyAgent,
  publicOnlyLookup,
} from "../../worker/node/outbound.ts";

type Answer = { address: string; family: number }[];
/** A resolver that answers every name with `answer` (no DNS here: the machine has no network). */
const resolver =
  (answer: Answer) =>
  (_name: string, _options: object, callback: (err: NodeJS.ErrnoException | null, a: Answer) => void) =>
    callback(null, answer);

const lookupWith = (answer: Answer, all = false) =>
  new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
    publicOnlyLookup(resolver(answer))("site.example", { all }, (err, address) => resolve({ err, address })),
  );

describe("public addresses", () => {
  it("tells public addresses from loopback, private, link-local, shared and reserved ones", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1"])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of [
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
      expect(isPublicAddress(a), a).toBe(true);
    expect(isPublicAddress("not an address")).toBe(false);
  });

  it("passes a name with only public addresses on, in the shape the caller asked for", async () => {
    const one = await lookupWith([{ address: "93.184.216.34", family: 4 }]);
    expect(one).toEqual({ err: null, address: "93.184.216.34" });
    const all = await lookupWith(
      [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:4700:4700::1111", family: 6 },
      ],
      true,
    );
    expect(all.err).toBeNull();
    expect(all.address).toHaveLength(2);
  });

  it("refuses a name with any non-public address, even beside a public one", async () => {
    const mixed = await lookupWith([
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ]);
    expect(mixed.err?.code).toBe("ECONNREFUSED");
    expect(mixed.err?.message).toContain("10.0.0.5");
    expect((await lookupWith([])).err?.message).toContain("no address");
  });
});

describe("a fetch through the guarded dispatcher", () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end("reached");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("does not connect to a name that resolves to loopback", async () => {
    const dispatcher = publicOnlyAgent(resolver([{ address: "127.0.0.1", family: 4 }]));
    const attempt = fetch(`http://rebinding.example:${port}/hook`, { dispatcher } as RequestInit);
    await expect(attempt).rejects.toThrow();
    const cause = await attempt.catch((e: Error & { cause?: Error }) => e.cause?.message);
    expect(cause).toContain("resolves to a non-public address (127.0.0.1)");
    expect(hits).toBe(0);
  });

  // Last in this file: it sets this process's global dispatcher, as `npm run serve` does.
  it("guards the process's own fetch outside development (localhost resolves from /etc/hosts)", async () => {
    expect(await (await fetch(`http://localhost:${port}/before`)).text()).toBe("reached");
    guardOutbound(true);
    expect((await fetch(`http://localhost:${port}/development`)).status).toBe(200);
    guardOutbound(false);
    const cause = await fetch(`http://localhost:${port}/after`).then(
      () => "connected",
      (e: Error & { cause?: Error }) => e.cause?.message,
    );
    expect(cause).toMatch(/resolves to a non-public address \((127\.0\.0\.1|::1)\)/);
    expect(hits).toBe(2);
  });
});
