# Kane build entry point for PowerShell. Same targets as build.sh:
#   restore | build | test [--slow] | bench NAME [args] | kane ARGS | demo [DIR] | pack | clean
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$Config = if ($env:KANE_CONFIGURATION) { $env:KANE_CONFIGURATION } else { 'Release' }

function Show-Usage {
    Write-Error "usage: ./build.ps1 restore | build | test [--slow] | bench NAME [args] | kane ARGS | demo [DIR] | pack | clean"
}

function Invoke-Restore { dotnet restore Kane.sln; if ($LASTEXITCODE) { exit $LASTEXITCODE } }

function Invoke-Build {
    Invoke-Restore
    dotnet build Kane.sln -c $Config --no-restore -nologo
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

# Sums the counters of every TRX file and prints the closing line CI reads.
function Write-Summary([string]$dir) {
    $passed = 0; $failed = 0; $skipped = 0; $total = 0
    foreach ($file in Get-ChildItem -Path $dir -Filter *.trx -ErrorAction SilentlyContinue) {
        [xml]$trx = Get-Content $file.FullName
        $c = $trx.TestRun.ResultSummary.Counters
        $total += [int]$c.total
        $passed += [int]$c.passed
        $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $skipped += [int]$c.notExecuted
    }
    if ($skipped -gt 0) { "$passed passed, $failed failed, $skipped skipped" } else { "$passed passed, $failed failed" }
    return ($failed -eq 0 -and $total -gt 0)
}

function Invoke-Test([string[]]$rest) {
    $filter = if ($rest -contains '--slow') { '' } else { 'Category!=Slow' }
    # A throwaway PostgreSQL for the SQL journal tests (the same script build.sh uses), torn down however the run ends.
    $pgData = $null
    if (Test-Path ./scripts/provision.sh) {
        $exports = bash ./scripts/provision.sh
        if ($LASTEXITCODE) { "provisioning failed"; "0 passed, 1 failed"; exit 1 }
        foreach ($line in $exports) {
            if ($line -match "^export (\w+)='(.*)'$") { Set-Item -Path "env:$($Matches[1])" -Value $Matches[2] }
        }
        $pgData = $env:KANE_TEST_PGDATA
    }
    try { Invoke-TestRun $filter } finally { if ($pgData) { bash ./scripts/provision.sh stop $pgData } }
}

function Invoke-TestRun([string]$filter) {
    dotnet restore Kane.sln
    dotnet build Kane.sln -c $Config --no-restore -nologo
    if ($LASTEXITCODE) { "build failed"; "0 passed, 1 failed"; exit 1 }
    $results = 'TestResults'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $filterArgs = if ($filter) { @('--filter', $filter) } else { @() }
    dotnet test Kane.sln -c $Config --no-build --nologo @filterArgs --logger trx --logger 'console;verbosity=normal' `
        --results-directory $results --blame-hang-timeout 10m
    $status = $LASTEXITCODE
    $ok = Write-Summary $results
    if ($status -ne 0 -or -not $ok[-1]) { exit 1 }
}

# ReadyToRun (docs/decisions/0022-ready-to-run.md): the kane command and the dedup bench run from a framework-
# dependent publish precompiled for this machine (artifacts/r2r/NAME); the plain build output when there is no
# ReadyToRun for this machine or KANE_READY_TO_RUN=0. The test path (build, test) never precompiles.
function Get-ReadyToRunFolder([string]$project, [string]$name, [string]$config) {
    $rid = $null
    if ($IsLinux) {
        $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
        if ($arch -eq 'X64') { $rid = 'linux-x64' } elseif ($arch -eq 'Arm64') { $rid = 'linux-arm64' }
    }
    if ($rid -and $env:KANE_READY_TO_RUN -ne '0') {
        $out = "artifacts/r2r/$name"
        dotnet publish $project -c $config -r $rid --self-contained false -p:PublishReadyToRun=true -o $out -nologo -v q | Out-Host
        if (-not $LASTEXITCODE) { return $out }
        Write-Warning "ReadyToRun publish of $project failed (is the crossgen2 package restorable?); running the plain build"
    }
    dotnet build $project -c $config -nologo -v q | Out-Host
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    return "$project/bin/$config/net10.0"
}

function Invoke-Bench([string[]]$rest) {
    if (-not $rest -or $rest.Count -eq 0) { Show-Usage; exit 2 }
    if ($rest[0] -eq 'dedup') {
        $dir = Get-ReadyToRunFolder 'bench/Kane.Benchmarks' 'bench' 'Release'
        # Kane runs in the bench process: give it the JIT settings of the kane command's runtimeconfig (Kane.Cli.csproj).
        $env:DOTNET_TieredPGO = '0'; $env:DOTNET_TC_QuickJitForLoops = '0'
        dotnet "$dir/Kane.Benchmarks.dll" @rest
        exit $LASTEXITCODE
    }
    dotnet build bench/Kane.Benchmarks -c Release -nologo -v q | Out-Null
    dotnet bench/Kane.Benchmarks/bin/Release/net10.0/Kane.Benchmarks.dll @rest
    exit $LASTEXITCODE
}

# The kane CLI, built quietly first.
function Invoke-Kane([string[]]$rest) {
    $dir = Get-ReadyToRunFolder 'src/Kane.Cli' 'kane' $Config
    # Out-Host: the CLI's output goes to the console, not into this function's return value.
    dotnet "$dir/kane.dll" @rest | Out-Host
    return $LASTEXITCODE
}

# The main job on the embedded default: a generated tree (DIR/src) organised into DIR/sorted.
function Invoke-Demo([string[]]$rest) {
    $dir = if ($rest.Count -gt 0) { $rest[0] } else { Join-Path ([IO.Path]::GetTempPath()) ("kane-demo." + [Guid]::NewGuid().ToString('N').Substring(0, 6)) }
    if ((Test-Path (Join-Path $dir 'src')) -or (Test-Path (Join-Path $dir 'sorted'))) { Write-Error "demo: $dir/src or $dir/sorted exists; give a new DIR"; exit 2 }
    $files = if ($env:KANE_DEMO_FILES) { $env:KANE_DEMO_FILES } else { '3000' }
    $made = Invoke-Kane @('samples', 'make', (Join-Path $dir 'src'), '--files', $files, '--seed', '1')
    if ($made) { exit $made }
    $status = Invoke-Kane @('organize', (Join-Path $dir 'src'), '--into', (Join-Path $dir 'sorted'))
    "demo: the tree was $dir/src, the sorted copy is $dir/sorted; undo with the command printed above"
    exit $status
}

function Invoke-Pack {
    Invoke-Build
    dotnet pack Kane.sln -c $Config --no-build -o artifacts/packages
}

function Invoke-Clean {
    dotnet clean Kane.sln -nologo -v q
    foreach ($d in 'artifacts', 'TestResults', 'BenchmarkDotNet.Artifacts') { if (Test-Path $d) { Remove-Item -Recurse -Force $d } }
    Get-ChildItem -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
}

$target = if ($args.Count -gt 0) { $args[0] } else { 'build' }
$rest = if ($args.Count -gt 1) { [string[]]$args[1..($args.Count - 1)] } else { @() }
switch ($target) {
    'restore' { Invoke-Restore }
    'build' { Invoke-Build }
    'test' { Invoke-Test $rest }
    'bench' { Invoke-Bench $rest }
    'kane' { exit (Invoke-Kane $rest) }
    'demo' { Invoke-Demo $rest }
    'pack' { Invoke-Pack }
    'clean' { Invoke-Clean }
    default { Show-Usage; exit 2 }
}
