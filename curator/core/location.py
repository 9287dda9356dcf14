"""Where a project file lives, and whether that is risky for a live SQLite database.

Two kinds of places put a project at risk:

- **a synced folder** (Dropbox, OneDrive, iCloud Drive, Google Drive, Nextcloud/ownCloud,
  Syncthing, Box, pCloud, MEGA, Sync.com, Resilio, Seafile, Tresorit, Yandex.Disk, Synology
  Drive…): the sync tool copies the file while Curator writes to it, and copies the main file and
  its ``-wal`` at different moments; another computer (or a restore) then gets a torn or stale
  pair. Told by the folder names the tools use and the marker files they leave in the synced root.
- **a network share** (NFS, SMB/CIFS, SSHFS, 9P, AFS, WebDAV…): SQLite's locking relies on the
  file system, which network file systems often implement unreliably, and WAL mode needs shared
  memory between the programs, which only works on one machine: two writers can damage the file.
  Told by the file system type of the mount (Linux: ``/proc/self/mountinfo``; macOS: ``mount``;
  Windows: a UNC path or ``GetDriveTypeW`` answering DRIVE_REMOTE).

:func:`location_risk` answers with a :class:`LocationRisk` (what, and a sentence for the user) or
None. Every system call is injectable, so the detection is tested with fake mount tables and
paths on any system. Qt-free.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import Callable, Iterable, Optional

NETWORK_FS = {
    "nfs": "NFS", "nfs4": "NFS", "cifs": "SMB", "smb3": "SMB", "smbfs": "SMB", "smb": "SMB",
    "fuse.sshfs": "SSHFS", "sshfs": "SSHFS", "9p": "9P", "afs": "AFS", "openafs": "AFS",
    "ncpfs": "NetWare", "coda": "Coda", "davfs": "WebDAV", "fuse.davfs2": "WebDAV",
    "webdav": "WebDAV", "afpfs": "AFP", "fuse.gvfsd-fuse": "a GNOME network mount",
    "fuse.rclone": "rclone", "fuse.s3fs": "S3", "ceph": "CephFS", "fuse.ceph": "CephFS",
    "glusterfs": "GlusterFS", "fuse.glusterfs": "GlusterFS", "lustre": "Lustre", "gpfs": "GPFS",
    "beegfs": "BeeGFS", "fuse.onedrive": "OneDrive", "fuse.google-drive-ocamlfuse": "Google Drive",
}
"""File system types (as Linux's mountinfo and macOS's mount name them) of network shares."""

SYNCED_NAMES = (  # (lower-case folder name, or prefix ending in "*", service)
    ("dropbox", "Dropbox"), ("dropbox (*", "Dropbox"), ("onedrive", "OneDrive"),
    ("onedrive - *", "OneDrive"), ("onedrive-*", "OneDrive"), ("icloud drive", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"), ("icloud~*", "iCloud Drive"),
    ("google drive", "Google Drive"), ("googledrive", "Google Drive"), ("googledrive-*", "Google Drive"),
    ("nextcloud", "Nextcloud"), ("owncloud", "ownCloud"), ("box sync", "Box"), ("box-box", "Box"),
    ("pcloud drive", "pCloud"), ("pclouddrive", "pCloud"), ("megasync", "MEGA"), ("seafile", "Seafile"), ("yandex.disk", "Yandex.Disk"), ("synologydrive", "Synology Drive"),
    ("cloudstation", "Synology Cloud Station"), ("tresorit", "Tresorit"),
    ("resilio sync", "Resilio Sync"), ("creative cloud files", "Adobe Creative Cloud"),
)
"""Folder names sync tools create (a path with one of them as a component is synced)."""

SYNCED_HOME_NAMES = (("box", "Box"), ("mega", "MEGA"), ("sync", "Sync.com"), ("my drive", "Google Drive"))
"""Names common enough to be someone's own folder: they count only right in the home folder
(or a drive's root, or macOS's CloudStorage), where the sync tools put them."""

SYNCED_MARKERS = (  # (a file or folder in the synced root, service)
    (".stfolder", "Syncthing"), (".dropbox", "Dropbox"), (".dropbox.cache", "Dropbox"),
    (".owncloudsync.log", "ownCloud or Nextcloud"), (".sync", "Resilio Sync"),
    (".tresorit", "Tresorit"), (".megaignore", "MEGA"), (".seafile-data", "Seafile"),
)
"""Marker files a sync tool keeps in the root of what it syncs."""

SYNCED_MARKER_PREFIXES = ((".sync_", ".db", "ownCloud or Nextcloud"), ("._sync_", ".db", "ownCloud or Nextcloud"))

SYNC_RISK = ("{service} copies the project while Curator writes to it, and its main file and "
             "journal (-wal) at different moments: the copy it makes (on another computer, or "
             "when it restores a version) can be damaged or out of date. Keep projects outside "
             "synced folders and share copies made with File › Save a copy…")
NETWORK_RISK = ("SQLite cannot lock files reliably over {service}, and Curator's journal needs "
                "memory shared between programs on one computer: two programs writing at once "
                "can damage the project. Work on a copy on this computer (File › Save a copy…) "
                "and merge it back.")


@dataclass(frozen=True)
class LocationRisk:
    kind: str  # "synced" or "network"
    service: str  # "Dropbox", "NFS", …
    where: str  # the folder or mount point that makes it so

    @property
    def title(self) -> str:
        if self.kind == "synced":
            return f"This project is in a folder synced by {self.service}"
        return f"This project is on a network share ({self.service})"

    @property
    def explanation(self) -> str:
        template = SYNC_RISK if self.kind == "synced" else NETWORK_RISK
        return template.format(service=self.service)

    @property
    def message(self) -> str:
        return f"{self.title} ({self.where}). {self.explanation}"


def _matches(name: str, pattern: str) -> bool:
    return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern


def synced_by_name(path: PurePath, home: Optional[PurePath] = None) -> Optional[LocationRisk]:
    """A sync tool's folder among ``path``'s folders (innermost first)."""
    parents = [path.parent, *path.parent.parents] if path.name else [path, *path.parents]
    home = home if home is not None else _home(type(path))
    for folder in parents:
        name = folder.name.casefold()
        if not name:
            continue
        for pattern, service in SYNCED_NAMES:
            if _matches(name, pattern):
                return LocationRisk("synced", service, str(folder))
        top = folder.parent == home or folder.parent == folder.parent.parent \
            or folder.parent.name.casefold() == "cloudstorage"
        for pattern, service in SYNCED_HOME_NAMES:
            if top and _matches(name, pattern):
                return LocationRisk("synced", service, str(folder))
        if name == "cloudstorage" and folder.parent.name == "Library":  # macOS File Provider
            return LocationRisk("synced", "a cloud storage provider", str(folder))
    return None


def synced_by_marker(path: Path, listdir: Callable[[Path], Iterable[str]] = os.listdir,
                     ) -> Optional[LocationRisk]:
    """A sync tool's marker file in one of ``path``'s folders (innermost first)."""
    for folder in [path.parent, *path.parent.parents]:
        try:
            names = set(listdir(folder))
        except OSError:
            continue
        for marker, service in SYNCED_MARKERS:
            if marker in names:
                return LocationRisk("synced", service, str(folder))
        for prefix, suffix, service in SYNCED_MARKER_PREFIXES:
            if any(n.startswith(prefix) and n.endswith(suffix) for n in names):
                return LocationRisk("synced", service, str(folder))
    return None


def _home(kind) -> Optional[PurePath]:
    try:
        return kind(str(Path.home()))
    except (RuntimeError, OSError):
        return None


def _unescape_mount(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as \\040 and the like."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts_from_mountinfo(text: str) -> list[tuple[str, str, str]]:
    """(mount point, file system type, source) of each line of ``/proc/self/mountinfo``."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or not tail:
            continue
        mounts.append((_unescape_mount(fields[4]), tail[0], _unescape_mount(tail[1]) if len(tail) > 1 else ""))
    return mounts


def mounts_from_mount_output(text: str) -> list[tuple[str, str, str]]:
    """(mount point, type, source) of each line macOS's (or BSD's) ``mount`` prints:
    ``//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by ana)``."""
    mounts = []
    for line in text.splitlines():
        source, on, rest = line.partition(" on ")
        if not on or " (" not in rest:
            continue
        point, _, options = rest.rpartition(" (")
        mounts.append((point, options.split(",")[0].strip(" )"), source))
    return mounts


def mount_of(path: PurePath, mounts: list[tuple[str, str, str]]) -> Optional[tuple[str, str, str]]:
    """The mount holding ``path``: the longest mount point that is ``path`` or one of its folders."""
    best = None
    text = str(path)
    for mount in mounts:
        point = mount[0].rstrip("/") or "/"
        if text == point or text.startswith(point if point == "/" else point + "/"):
            if best is None or len(point) > len(best[0].rstrip("/") or "/"):
                best = mount
    return best


def network_by_mounts(path: PurePath, mounts: list[tuple[str, str, str]]) -> Optional[LocationRisk]:
    found = mount_of(path, mounts)
    if found is None:
        return None
    point, fstype, _ = found
    service = NETWORK_FS.get(fstype.casefold())
    if service is None and fstype.casefold().startswith("fuse.") and "sshfs" in fstype:
        service = "SSHFS"
    return LocationRisk("network", service, point) if service else None


DRIVE_REMOTE = 4


def network_on_windows(path: PureWindowsPath,
                       drive_type: Optional[Callable[[str], int]] = None) -> Optional[LocationRisk]:
    """A UNC path (``\\\\server\\share\\…``) or a drive letter mapped to a share."""
    text = str(path)
    if text.startswith("\\\\?\\UNC\\") or (text.startswith("\\\\") and not text.startswith("\\\\?\\")):
        parts = [p for p in text.replace("\\\\?\\UNC\\", "\\\\").split("\\") if p]
        return LocationRisk("network", "SMB", "\\\\" + "\\".join(parts[:2]))
    drive = path.drive
    if not drive:
        return None
    if drive_type is None:
        drive_type = _windows_drive_type
    try:
        kind = drive_type(drive + "\\")
    except OSError:
        return None
    return LocationRisk("network", "a mapped network drive", drive + "\\") if kind == DRIVE_REMOTE else None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))


def _read_mountinfo() -> str:
    try:
        return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _read_mount_output() -> str:  # pragma: no cover - macOS/BSD
    try:
        done = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def location_risk(path: str | Path, *, platform: Optional[str] = None,
                  mountinfo: Optional[str] = None, mount_output: Optional[str] = None,
                  listdir: Callable[[Path], Iterable[str]] = os.listdir,
                  drive_type: Optional[Callable[[str], int]] = None,
                  home: Optional[str] = None) -> Optional[LocationRisk]:
    """What makes ``path`` (a project file) risky, or None. A network share is told first (it is
    the graver risk), then a synced folder by name, then by a marker file."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        win = PureWindowsPath(str(path))
        return (network_on_windows(win, drive_type)
                or synced_by_name(win, PureWindowsPath(home) if home else None)
                or synced_by_marker(Path(str(path)), listdir))
    try:
        resolved = Path(path).resolve()
    except OSError:
        resolved = Path(path).absolute()
    if platform.startswith("linux"):
        mounts = mounts_from_mountinfo(_read_mountinfo() if mountinfo is None else mountinfo)
    else:
        mounts = mounts_from_mount_output(_read_mount_output() if mount_output is None else mount_output)
    return (network_by_mounts(resolved, mounts)
            or synced_by_name(resolved, Path(home) if home else None)
            or synced_by_marker(resolved, listdir))
