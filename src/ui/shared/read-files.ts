/** Reads a FileList (from a drop or the file picker) into name + bytes pairs. */
export async function readDroppedFiles(
  list: FileList | null | undefined,
): Promise<{ name: string; bytes: ArrayBuffer }[]> {
  const files = Array.from(list ?? []);
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
}
