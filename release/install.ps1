# Installs briefgen on Windows (x86_64) from its GitHub releases: the archive, checked against
# its published SHA-256 checksum, into %LOCALAPPDATA%\Programs\briefgen, which is added to the
# user's PATH. The twin of install.sh, for PowerShell 5.1 and 7:
#
#   irm https://github.com/briefgen/briefgen/releases/latest/download/install.ps1 | iex
#
# Environment: BRIEFGEN_VERSION (X.Y.Z or latest, the default), BRIEFGEN_INSTALL_DIR,
# BRIEFGEN_REPOSITORY (OWNER/REPO), BRIEFGEN_RELEASES_URL (a mirror of the releases, laid out
# as GitHub's: download/vX.Y.Z/FILE and latest/download/FILE).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Fail([string]$Message, [string]$Help) {
    Write-Host "install.ps1: $Message" -ForegroundColor Red
    if ($Help) { Write-Host "help: $Help" }
    throw "install.ps1: $Message"
}

$repository = if ($env:BRIEFGEN_REPOSITORY) { $env:BRIEFGEN_REPOSITORY } else { 'briefgen/briefgen' }
$version = if ($env:BRIEFGEN_VERSION) { $env:BRIEFGEN_VERSION.TrimStart('v') } else { 'latest' }
$dir = if ($env:BRIEFGEN_INSTALL_DIR) { $env:BRIEFGEN_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'Programs\briefgen' }
$releases = if ($env:BRIEFGEN_RELEASES_URL) { $env:BRIEFGEN_RELEASES_URL.TrimEnd('/') } else { "https://github.com/$repository/releases" }

if (-not [Environment]::Is64BitOperatingSystem -or $env:PROCESSOR_ARCHITECTURE -eq 'ARM64') {
    Fail "no briefgen release for this Windows ($env:PROCESSOR_ARCHITECTURE)" `
        "releases exist for Windows x86_64; elsewhere, build it with Rust: cargo install --locked --git https://github.com/$repository briefgen"
}
$target = 'x86_64-pc-windows-msvc'
$asset = "briefgen-$target.zip"
$from = if ($version -eq 'latest') { "$releases/latest/download" } else { "$releases/download/v$version" }

$tmp = Join-Path ([IO.Path]::GetTempPath()) ("briefgen-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Write-Host "installing briefgen $version for $target from $from"
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    try {
        Invoke-WebRequest -UseBasicParsing -Uri "$from/$asset" -OutFile (Join-Path $tmp $asset)
        Invoke-WebRequest -UseBasicParsing -Uri "$from/$asset.sha256" -OutFile (Join-Path $tmp "$asset.sha256")
    } catch {
        Fail "cannot download $from/$asset ($($_.Exception.Message))" "check that the release exists at $releases"
    }
    $expected = ((Get-Content (Join-Path $tmp "$asset.sha256") -Raw).Trim() -split '\s+')[0].ToLowerInvariant()
    $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $tmp $asset)).Hash.ToLowerInvariant()
    if ($expected -ne $actual) {
        Fail "checksum mismatch for ${asset}: expected $expected, got $actual; nothing was installed" `
            "the download is damaged or not the published one; try again, and if it persists, report it at https://github.com/$repository/issues"
    }
    Expand-Archive -Path (Join-Path $tmp $asset) -DestinationPath $tmp
    $binary = Join-Path $tmp "briefgen-$target\briefgen.exe"
    if (-not (Test-Path $binary)) { Fail "$asset holds no briefgen-$target\briefgen.exe" "report it at https://github.com/$repository/issues" }
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    Copy-Item -Force $binary (Join-Path $dir 'briefgen.exe')
} finally {
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}

$installed = & (Join-Path $dir 'briefgen.exe') --version
Write-Host "installed $installed into $dir"
$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not (($userPath -split ';') -contains $dir)) {
    [Environment]::SetEnvironmentVariable('Path', "$dir;$userPath", 'User')
    $env:Path = "$dir;$env:Path"
    Write-Host "added $dir to your PATH (open a new terminal to use it there)"
}
