"""Packaging consistency, Qt-free and fast: the PyInstaller spec, the Inno Setup script, the
macOS Info.plist, the Linux desktop entry and the CI workflow agree on the app name, the
executable names, the version source, the icons and the .curator file type; the icon files are
valid containers derived from the committed PNGs; the resource lookup works in a frozen layout.
(The frozen build itself is exercised by packaging/build.sh.)"""

from __future__ import annotations

import importlib.util
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import curator.paths as paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
SPEC = (PACKAGING / "curator.spec").read_text(encoding="utf-8")
ISS = (PACKAGING / "windows" / "curator.iss").read_text(encoding="utf-8")
WORKFLOW = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
BUILD_SH = (PACKAGING / "build.sh").read_text(encoding="utf-8")
PLIST = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spec_constant(name: str) -> str:
    match = re.search(rf'^{name} = "([^"]+)"', SPEC, re.M)
    assert match, f"{name} not defined in curator.spec"
    return match.group(1)


def _iss_define(name: str) -> str:
    match = re.search(rf'^#define {name} "([^"]*)"', ISS, re.M)
    assert match, f"#define {name} missing in curator.iss"
    return match.group(1)


def _iss_setting(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", ISS, re.M)
    assert match, f"{name}= missing in curator.iss"
    return match.group(1).strip()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- names, version, executables ---------------------------------------------------------------

def test_spec_reads_the_version_from_pyproject_and_bundles_seeds_and_resources():
    assert 'tomllib.loads((ROOT / "pyproject.toml")' in SPEC
    assert 'APP_VERSION = PYPROJECT["version"]' in SPEC
    assert '(str(ROOT / "seeds"), "seeds")' in SPEC
    assert '(str(ROOT / "resources"), "resources")' in SPEC
    assert 'copy_metadata("curator")' in SPEC  # so the frozen --version is pyproject's
    assert re.search(r'COLLECT\((?s:.*?)name="curator"', SPEC), "one-folder build named curator"
    assert "onefile" not in SPEC.lower()


def test_executable_names_agree_across_spec_installer_plist_and_build_script():
    app = _spec_constant("APP_NAME")
    assert app == "Curator"
    assert 'executable(APP_NAME, console=False)' in SPEC  # windowed on Windows and macOS
    assert 'executable("curator-cli", console=True)' in SPEC  # Windows console twin
    assert 'executable("curator", console=True)' in SPEC  # Linux
    assert _iss_define("AppName") == app
    assert _iss_define("AppExeName") == f"{app}.exe"
    assert _iss_define("SourceDir") == r"..\..\dist\curator"
    assert PLIST["CFBundleExecutable"] == app
    assert PLIST["CFBundleName"] == app
    assert 'EXE="$ROOT/dist/curator/curator"' in BUILD_SH
    assert 'EXE="$ROOT/dist/curator/curator-cli.exe"' in BUILD_SH
    assert f'EXE="$ROOT/dist/{app}.app/Contents/MacOS/{app}"' in BUILD_SH


def test_installer_version_is_passed_in_and_matches_the_workflow_output_name():
    assert "#ifndef AppVersion" in ISS and "#error" in ISS
    assert _iss_setting("AppVersion") == "{#AppVersion}"
    assert _iss_setting("OutputDir") == r"..\..\dist\installer"
    assert _iss_setting("OutputBaseFilename") == "Curator-{#AppVersion}-Setup"
    assert '"/DAppVersion=${{ steps.version.outputs.version }}" packaging\\windows\\curator.iss' in WORKFLOW
    assert r"dist\installer\Curator-${{ steps.version.outputs.version }}-Setup.exe" in WORKFLOW
    assert '["project"]["version"]' in WORKFLOW  # the workflow reads pyproject.toml too
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}",
                        _iss_setting("AppId"))


def test_plist_version_placeholders_are_filled_by_the_spec():
    assert PLIST["CFBundleShortVersionString"] == "@VERSION@"
    assert PLIST["CFBundleVersion"] == "@VERSION@"
    assert '.replace("@VERSION@", APP_VERSION)' in SPEC
    assert 'PACKAGING / "macos" / "Info.plist"' in SPEC
    assert re.search(r'^VERSION="\$\(sed .*pyproject.toml', BUILD_SH, re.M)


# --- the .curator file association ---------------------------------------------------------------

def test_windows_installer_associates_curator_files_and_has_start_menu_and_uninstaller():
    assert _iss_define("FileExt") == ".curator"
    assert _iss_setting("ChangesAssociations") == "yes"
    registry = ISS.split("[Registry]", 1)[1].split("\n[", 1)[0]
    assert all(line.startswith("Root: HKA;") for line in registry.splitlines()
               if line and not line.startswith(";"))
    assert r'Software\Classes\{#FileExt}\OpenWithProgids' in registry
    assert r'"""{app}\{#AppExeName}"" ""%1"""' in registry  # opens the file in the GUI
    assert "uninsdeletekey" in registry
    icons = ISS.split("[Icons]", 1)[1].split("\n[", 1)[0]
    assert r'Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"' in icons
    assert "{uninstallexe}" in icons


def test_macos_plist_declares_the_curator_document_type():
    (doc_type,) = PLIST["CFBundleDocumentTypes"]
    assert doc_type["CFBundleTypeExtensions"] == ["curator"]
    assert doc_type["CFBundleTypeRole"] == "Editor"
    (uti,) = PLIST["UTExportedTypeDeclarations"]
    assert doc_type["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["curator"]
    assert PLIST["CFBundleIdentifier"] == "@BUNDLE_ID@"
    assert uti["UTTypeIdentifier"] == "@BUNDLE_ID@.project"
    assert "argv_emulation=IS_MAC" in SPEC  # a document opened from Finder reaches launcher.py


def test_linux_desktop_entry_and_mime_type_agree():
    desktop = dict(line.split("=", 1) for line in
                   (ROOT / "resources" / "curator.desktop").read_text(encoding="utf-8").splitlines()
                   if "=" in line)
    assert desktop["Name"] == "Curator"
    assert desktop["Exec"] == "curator %f"
    assert desktop["Icon"] == "curator"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PACKAGING / "linux" / "curator-mime.xml").getroot().find("m:mime-type", ns)
    assert desktop["MimeType"] == mime.get("type") + ";"
    assert mime.find("m:glob", ns).get("pattern") == "*.curator"


def test_launcher_turns_a_document_path_into_gui_and_passes_commands_through():
    from curator.cli import HANDLERS

    launcher = _load(PACKAGING / "launcher.py", "curator_launcher")
    assert launcher.launcher_args([], HANDLERS) == []
    assert launcher.launcher_args(["--version"], HANDLERS) == ["--version"]
    assert launcher.launcher_args(["dates", "a.txt"], HANDLERS) == ["dates", "a.txt"]
    assert launcher.launcher_args(["C:\\Users\\a\\x.curator"], HANDLERS) == ["gui", "C:\\Users\\a\\x.curator"]
    assert launcher.launcher_args(["-psn_0_4711", "/tmp/x.curator"], HANDLERS) == ["gui", "/tmp/x.curator"]
    assert launcher.launcher_args(["-psn_0_4711"], HANDLERS) == []


# --- the workflow -------------------------------------------------------------------------------

def test_workflow_tests_freezes_smoke_tests_packages_and_uploads_on_three_systems():
    assert "os: [ubuntu-latest, windows-latest, macos-latest]" in WORKFLOW
    order = ["python -m pytest", "run: packaging/build.sh", "packaging\\windows\\curator.iss",
             "packaging/macos/make_dmg.sh", "packaging/linux/make_tarball.sh",
             "actions/upload-artifact"]
    positions = [WORKFLOW.find(step) for step in order]
    assert -1 not in positions, dict(zip(order, positions))
    assert positions == sorted(positions)
    for pattern in ("dist/installer/*.exe", "dist/*.dmg", "dist/*.tar.gz"):
        assert pattern in WORKFLOW


def test_signing_secrets_in_the_workflow_are_the_ones_the_script_checks():
    script = (PACKAGING / "macos" / "sign_and_notarize.sh").read_text(encoding="utf-8")
    wanted = set(re.findall(r"\$\{([A-Z_]+):-\}", script))
    assert wanted == {"MACOS_CERTIFICATE", "MACOS_CERTIFICATE_PASSWORD", "MACOS_SIGNING_IDENTITY",
                      "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"}
    for name in wanted:
        assert f"{name}: ${{{{ secrets.{name} }}}}" in WORKFLOW
    assert "skipping code signing" in script and "skipping notarisation" in script


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_shell_scripts_parse():
    scripts = [PACKAGING / "build.sh", *PACKAGING.glob("*/*.sh")]
    assert len(scripts) >= 5
    for script in scripts:
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


# --- icons --------------------------------------------------------------------------------------

def test_icon_master_is_a_square_svg():
    root = ET.parse(ICONS / "curator.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 1024 1024"


def test_png_icons_have_the_size_their_name_says():
    make_icons = _load(PACKAGING / "make_icons.py", "make_icons")
    for size in make_icons.PNG_SIZES:
        assert _png_size((ICONS / f"curator-{size}.png").read_bytes()) == (size, size)
    assert _png_size((ICONS / "curator.png").read_bytes()) == (256, 256)


def test_ico_holds_png_entries_of_the_listed_sizes():
    data = (ICONS / "curator.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert _png_size(data[offset:offset + length]) == (width or 256, height or 256)
        sizes.append(width or 256)
    assert 16 in sizes and 32 in sizes and 256 in sizes


def test_icns_holds_png_entries_of_the_sizes_apple_defines():
    data = (ICONS / "curator.icns").read_bytes()
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    entries, pos = {}, 8
    while pos < len(data):
        kind, length = struct.unpack(">4sI", data[pos:pos + 8])
        entries[kind] = _png_size(data[pos + 8:pos + length])
        pos += length
    assert pos == len(data)
    for kind, size in {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}.items():
        assert entries[kind] == (size, size)


def test_ico_and_icns_are_derived_from_the_committed_pngs():
    make_icons = _load(PACKAGING / "make_icons.py", "make_icons")
    pngs = {size: (ICONS / f"curator-{size}.png").read_bytes() for size in make_icons.PNG_SIZES}
    assert (ICONS / "curator.ico").read_bytes() == make_icons.build_ico(
        {s: pngs[s] for s in make_icons.ICO_SIZES})
    assert (ICONS / "curator.icns").read_bytes() == make_icons.build_icns(pngs)


def test_every_icon_the_packaging_names_exists():
    for name in re.findall(r'ICONS / "([^"]+)"', SPEC):
        assert (ICONS / name).is_file(), name
    setup_icon = (PACKAGING / "windows" / _iss_setting("SetupIconFile").replace("\\", "/")).resolve()
    assert setup_icon == (ICONS / "curator.ico").resolve() and setup_icon.is_file()
    assert (ICONS / PLIST["CFBundleIconFile"]).is_file()


# --- the resource lookup ------------------------------------------------------------------------

def test_lookup_finds_the_bundled_folders_in_a_frozen_layout(tmp_path, monkeypatch):
    internal = tmp_path / "dist" / "curator" / "_internal"
    for name in ("seeds", "resources"):
        (internal / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.is_frozen()
    assert paths.seeds_dir() == internal / "seeds"
    assert paths.resources_dir() == internal / "resources"


def test_lookup_finds_the_source_tree_when_not_frozen(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not paths.is_frozen()
    assert paths.seeds_dir() == ROOT / "seeds"
    assert (paths.resources_dir() / "icons" / "curator.svg").is_file()


def test_lookup_names_the_missing_folder_and_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "frozen"), raising=False)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "site" / "curator")
    with pytest.raises(FileNotFoundError) as caught:
        paths.seeds_dir()
    message = str(caught.value)
    assert "'seeds'" in message and str(tmp_path / "frozen" / "seeds") in message


def test_pyproject_lists_every_package_under_curator():
    """The package list in pyproject.toml is explicit (seeds/ and resources/ are mapped into the
    wheel); a new subpackage that is not listed would be missing from installs."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(root).parts) for p in (root / "curator").rglob("__init__.py")}
    assert on_disk <= listed, f"add to pyproject.toml: {sorted(on_disk - listed)}"
