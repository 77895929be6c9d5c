// Reading what the user dropped or picked into name + bytes pairs. A folder keeps its structure:
// each file's name is its path inside the dropped folder ("shoes/001.png"), so class subfolders
// survive the trip to the worker.

type Named = { name: string; bytes: ArrayBuffer };

/** A FileList from a file picker or a directory picker (webkitRelativePath holds the path there). */
export async function readDroppedFiles(list: FileList | null | undefined): Promise<Named[]> {
  const files = Array.from(list ?? []);
  return Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: await f.arrayBuffer() })));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a directory: readEntries returns them in pieces, until it returns nothing. */
async function allEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: Named[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    const file = await entryFile(entry as FileSystemFileEntry);
    out.push({ name: entry.fullPath.replace(/^\//, ''), bytes: await file.arrayBuffer() });
  } else if (entry.isDirectory) {
    for (const child of await allEntries(entry as FileSystemDirectoryEntry)) await walk(child, out);
  }
}

/** A drop: folders are traversed (webkitGetAsEntry), plain files read as they are. */
export async function readDataTransfer(dt: DataTransfer | null | undefined): Promise<Named[]> {
  if (!dt) return [];
  const entries = Array.from(dt.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return readDroppedFiles(dt.files);
  const out: Named[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}
