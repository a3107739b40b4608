# Sourced by the translation scripts: builds the Release CLI under "$root" and defines hvdsl_seconds.
dotnet build -c Release "$root/src/HvDsl.Cli" -v q -nologo >/dev/null
hvdsl="$root/src/HvDsl.Cli/bin/Release/net10.0/hvdsl"
[ -x "$hvdsl" ] || hvdsl="dotnet $root/src/HvDsl.Cli/bin/Release/net10.0/hvdsl.dll"

# hvdsl_seconds IMAGE [OPTION...]: the seconds hvdsl's summary line gives for running the long-mode flat IMAGE (around
# Vm.Run, so start-up is not in it).
hvdsl_seconds() {
    $hvdsl run --image "$1" --mode long --memory 64MiB --progress never "${@:2}" 2>&1 >/dev/null \
        | sed -n 's/^guest instructions: .* in \([0-9.]*\) s.*/\1/p'
}
