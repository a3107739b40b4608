# Sourced by the translation scripts: publishes the Release CLI under "$root" ReadyToRun (precompiled, the fast way to
# run hvdsl: docs/runtime.md "Runtime configuration") and defines hvdsl_seconds.
published="$root/artifacts/hvdsl-readytorun"
dotnet publish -c Release -p:HvDslReadyToRun=true "$root/src/HvDsl.Cli" -o "$published" -v q -nologo >/dev/null
hvdsl="$published/hvdsl"
[ -x "$hvdsl" ] || hvdsl="dotnet $published/hvdsl.dll"
echo "hvdsl: the Release build published ReadyToRun ($published)."; echo

# hvdsl_seconds IMAGE [OPTION...]: the seconds hvdsl's summary line gives for running the long-mode flat IMAGE (around
# Vm.Run, so start-up is not in it).
hvdsl_seconds() {
    $hvdsl run --image "$1" --mode long --memory 64MiB --progress never "${@:2}" 2>&1 >/dev/null \
        | sed -n 's/^guest instructions: .* in \([0-9.]*\) s.*/\1/p'
}
