"""Telling a project in a synced folder or on a network share, on fake mount tables and paths
(Linux mountinfo as the kernel writes it, macOS `mount` output, Windows UNC paths and drive
types), so that every system's rules are tested on any system."""

from __future__ import annotations

import pytest

from curator.core.location import (
    DRIVE_REMOTE, location_risk, mount_of, mounts_from_mount_output, mounts_from_mountinfo,
)

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
35 22 0:31 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
40 35 0:44 / /home/ana/shared rw,relatime shared:20 - nfs4 fileserver:/export/shared rw,vers=4.2
41 35 0:45 / /home/ana/lab\\040share rw,relatime shared:21 - cifs //nas/lab rw,vers=3.1.1
42 35 0:46 / /home/ana/remote rw,nosuid,nodev shared:22 - fuse.sshfs ana@host:/data rw
43 22 0:47 / /mnt/host rw shared:23 - 9p hostshare rw,trans=virtio
44 35 0:48 / /home/ana/shared/local rw shared:24 - ext4 /dev/sdb1 rw
45 22 0:49 / /afs rw shared:25 - afs AFS rw
"""

MAC_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//ana@nas.local/Archive on /Volumes/Archive (smbfs, nodev, nosuid, mounted by ana)
afp_0TQWC4@server.local:/Projects on /Volumes/Projects (afpfs, nodev, nosuid, mounted by ana)
fileserver:/export on /Volumes/export (nfs, nodev, nosuid, mounted by ana)
https://dav.example.org/remote.php/ on /Volumes/dav (webdav, nodev, noexec, nosuid, mounted by ana)
"""

NO_MARKERS = lambda folder: []  # noqa: E731


def risk(path, **kwargs):
    kwargs.setdefault("listdir", NO_MARKERS)
    kwargs.setdefault("home", "/home/ana")
    return location_risk(path, **kwargs)


def test_mountinfo_is_parsed_as_the_kernel_escapes_it():
    mounts = mounts_from_mountinfo(MOUNTINFO)
    assert ("/home/ana/lab share", "cifs", "//nas/lab") in mounts
    assert mount_of(__import__("pathlib").PurePosixPath("/home/ana/shared/local/p.curator"), mounts)[1] == "ext4"


@pytest.mark.parametrize("path, service", [
    ("/home/ana/shared/p.curator", "NFS"),
    ("/home/ana/lab share/2024/p.curator", "SMB"),
    ("/home/ana/remote/p.curator", "SSHFS"),
    ("/mnt/host/p.curator", "9P"),
    ("/afs/cern.ch/user/a/p.curator", "AFS"),
])
def test_network_shares_on_linux(path, service):
    found = risk(path, platform="linux", mountinfo=MOUNTINFO)
    assert (found.kind, found.service) == ("network", service)
    assert "SQLite cannot lock files reliably over" in found.explanation


@pytest.mark.parametrize("path", ["/home/ana/p.curator", "/home/ana/shared/local/p.curator",
                                  "/home/ana/sharedness/p.curator"])
def test_local_disks_on_linux(path):
    assert risk(path, platform="linux", mountinfo=MOUNTINFO) is None


@pytest.mark.parametrize("path, service", [
    ("/Volumes/Archive/p.curator", "SMB"), ("/Volumes/Projects/x/p.curator", "AFP"),
    ("/Volumes/export/p.curator", "NFS"), ("/Volumes/dav/p.curator", "WebDAV"),
])
def test_network_shares_on_macos(path, service):
    found = risk(path, platform="darwin", mount_output=MAC_MOUNT, home="/Users/ana")
    assert (found.kind, found.service) == ("network", service)


def test_mac_mount_output_is_parsed():
    assert ("/Volumes/Archive", "smbfs", "//ana@nas.local/Archive") in mounts_from_mount_output(MAC_MOUNT)
    assert risk("/Users/ana/Documents/p.curator", platform="darwin", mount_output=MAC_MOUNT,
                home="/Users/ana") is None


@pytest.mark.parametrize("path, service", [
    ("/home/ana/Dropbox/research/p.curator", "Dropbox"),
    ("/home/ana/Dropbox (Personal)/p.curator", "Dropbox"),
    ("/home/ana/OneDrive - Universität Wien/p.curator", "OneDrive"),
    ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/p.curator", "iCloud Drive"),
    ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/p.curator", "Google Drive"),
    ("/Users/ana/Library/CloudStorage/Box-Box/p.curator", "Box"),
    ("/home/ana/Nextcloud/p.curator", "Nextcloud"),
    ("/home/ana/pCloud Drive/p.curator", "pCloud"),
    ("/home/ana/Box/p.curator", "Box"),
])
def test_synced_folders_by_name(path, service):
    found = risk(path, platform="linux", mountinfo="")
    assert (found.kind, found.service) == ("synced", service)
    assert f"{service} copies the project while Curator writes to it" in found.explanation


@pytest.mark.parametrize("path", ["/home/ana/research/box/p.curator", "/home/ana/projects/sync/p.curator",
                                  "/home/ana/Documents/p.curator"])
def test_common_folder_names_are_not_taken_for_sync_tools(path):
    assert risk(path, platform="linux", mountinfo="") is None


@pytest.mark.parametrize("marker, service", [
    (".stfolder", "Syncthing"), (".dropbox", "Dropbox"), (".sync_3f2a9c.db", "ownCloud or Nextcloud"),
    ("._sync_8d1e.db", "ownCloud or Nextcloud"), (".owncloudsync.log", "ownCloud or Nextcloud"),
])
def test_synced_folders_by_marker(tmp_path, marker, service):
    root = tmp_path / "Archive"
    (root / "2024").mkdir(parents=True)
    (root / marker).write_text("")
    found = location_risk(root / "2024" / "p.curator", platform="linux", mountinfo="", home=str(tmp_path))
    assert (found.kind, found.service, found.where) == ("synced", service, str(root))
    assert location_risk(tmp_path / "p.curator", platform="linux", mountinfo="", home=str(tmp_path)) is None


def test_windows_unc_paths_and_mapped_drives():
    remote = lambda root: DRIVE_REMOTE if root == "Z:\\" else 3  # noqa: E731  (3: a fixed disk)
    found = risk(r"\\nas\lab\2024\p.curator", platform="win32", drive_type=remote, home=r"C:\Users\ana")
    assert (found.kind, found.service, found.where) == ("network", "SMB", r"\\nas\lab")
    found = risk(r"\\?\UNC\nas\lab\p.curator", platform="win32", drive_type=remote, home=r"C:\Users\ana")
    assert found.where == r"\\nas\lab"
    found = risk(r"Z:\p.curator", platform="win32", drive_type=remote, home=r"C:\Users\ana")
    assert (found.kind, found.service) == ("network", "a mapped network drive")
    assert risk(r"C:\Users\ana\Documents\p.curator", platform="win32", drive_type=remote,
                home=r"C:\Users\ana") is None
    found = risk(r"C:\Users\ana\OneDrive\p.curator", platform="win32", drive_type=remote, home=r"C:\Users\ana")
    assert (found.kind, found.service) == ("synced", "OneDrive")


def test_a_network_share_is_told_before_a_synced_folder():
    found = risk("/home/ana/shared/Dropbox/p.curator", platform="linux", mountinfo=MOUNTINFO)
    assert found.kind == "network"


def test_this_machine_answers_without_error(tmp_path):
    assert location_risk(tmp_path / "p.curator") is None or location_risk(tmp_path / "p.curator").message
