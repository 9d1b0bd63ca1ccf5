// Where removable media appear on each OS, and the volumes (sticks and watched folders) present now.
// Only the roots are OS specific: a test passes a temp folder as its mount root, and a folder that
// appears under it is a stick, exactly as /media/<user>/KINGSTON is on Linux.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Volume {
  /** Absolute path of the stick's root (or of the watched folder). */
  path: string;
  /** What the engineer reads: the volume folder's name ("KINGSTON"), or the watched folder's name. */
  label: string;
  kind: 'removable' | 'watched';
}

/** The folders under which the OS mounts removable media (Windows has drive letters instead: see windowsRemovableDrives). */
export function defaultMountRoots(platform = process.platform, user = safeUserName()): string[] {
  if (platform === 'darwin') return ['/Volumes'];
  if (platform === 'win32') return [];
  return ['/media', ...(user ? [`/media/${user}`, `/run/media/${user}`] : [])];
}

/**
 * The volumes now: each folder directly under a mount root, and each watched folder. A folder that is
 * itself a mount root (/media/<user> under /media) is not a volume; symbolic links are skipped (macOS
 * links the system disk into /Volumes).
 */
export function listVolumes(mountRoots: readonly string[], watched: readonly string[], drives: readonly RemovableDrive[] = []): Volume[] {
  const roots = new Set(mountRoots.map((r) => path.resolve(r)));
  const seen = new Set<string>();
  const volumes: Volume[] = [];
  const add = (p: string, kind: Volume['kind'], label?: string) => {
    const resolved = path.resolve(p);
    if (seen.has(resolved) || roots.has(resolved)) return;
    seen.add(resolved);
    volumes.push({ path: resolved, label: label || path.basename(resolved) || resolved, kind });
  };
  for (const root of roots) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      continue; // a root that does not exist on this machine (no stick was ever mounted)
    }
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) add(path.join(root, entry.name), 'removable');
  }
  for (const drive of drives) add(drive.path, 'removable', drive.label);
  for (const folder of watched) if (isFolder(folder)) add(folder, 'watched');
  return volumes;
}

export interface RemovableDrive {
  /** "E:\\" */
  path: string;
  /** The volume's name ("KINGSTON"); empty when it has none. */
  label: string;
}

/** Windows: the removable disks (DriveType 2) and their volume names, asked of the OS through PowerShell. */
export function windowsRemovableDrives(): Promise<RemovableDrive[]> {
  return new Promise((resolve) => {
    // ui-text-ok: a PowerShell command
    const script = "Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=2' | ForEach-Object { $_.DeviceID + '|' + $_.VolumeName }";
    execFile('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { timeout: 10_000, windowsHide: true }, (error, stdout) => {
      if (error) return resolve([]);
      resolve(
        stdout.split(/\r?\n/).flatMap((line) => {
          const match = /^([A-Z]:)\|(.*)$/.exec(line.trim());
          return match ? [{ path: `${match[1]}\\`, label: match[2]!.trim() }] : [];
        }),
      );
    });
  });
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeUserName(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}
