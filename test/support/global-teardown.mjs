/** Stops what global setup started (nothing, when the machine's services were used). */
export default async function globalTeardown() {
  await Promise.all((globalThis.bloomTestServices ?? []).map((service) => service.stop()));
}
