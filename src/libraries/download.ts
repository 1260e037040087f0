/**
 * Fetches a Discord attachment: only from Discord's attachment hosts, within a time limit, and
 * never more than a byte cap, counted while the body streams in (a declared size can lie).
 */
import { LibraryRefusal } from "./refusal.js";

export interface DownloadLimits {
  /** Origins a file may come from, e.g. "https://cdn.discordapp.com". */
  origins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

/** Discord serves attachments from its CDN and, resized or proxied, from its media host. */
export const MEDIA_ORIGIN = "https://media.discordapp.net";

export function allowedOrigins(cdnUrl: string): string[] {
  return [...new Set([new URL(cdnUrl).origin, MEDIA_ORIGIN])];
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function tooBig(maxBytes: number): LibraryRefusal {
  return new LibraryRefusal(`The file is larger than this bot's limit of ${megabytes(maxBytes)} per file (LIBRARY_MAX_FILE_MB).`);
}

export async function downloadAttachment(url: string, limits: DownloadLimits): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LibraryRefusal("That attachment has no address I can read.");
  }
  if (!limits.origins.includes(parsed.origin)) throw new LibraryRefusal("I only read files attached on Discord.");
  let response: Response;
  try {
    // A redirect could lead off Discord's hosts, so none is followed.
    response = await fetch(parsed, { redirect: "error", signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (err) {
    throw timedOut(err) ? slow(limits) : new LibraryRefusal("I could not download the file from Discord; please try again.");
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new LibraryRefusal(`Discord did not give me the file (HTTP ${response.status}); please attach it again.`);
  }
  const declared = Number(response.headers.get("content-length"));
  if (declared > limits.maxBytes) {
    await response.body.cancel();
    throw tooBig(limits.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limits.maxBytes) {
        await reader.cancel();
        throw tooBig(limits.maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof LibraryRefusal) throw err;
    throw timedOut(err) ? slow(limits) : new LibraryRefusal("The download from Discord broke off; please try again.");
  }
  return Buffer.concat(chunks);
}

const timedOut = (err: unknown) => err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");

const slow = (limits: DownloadLimits) =>
  new LibraryRefusal(`The download took longer than ${Math.round(limits.timeoutMs / 1000)} s (LIBRARY_DOWNLOAD_SECONDS); please try again.`);
