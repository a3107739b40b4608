namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>
    /// Whether the vCPUs translate hot blocks into .NET IL (see docs/runtime.md, "Block translation"); off, every
    /// instruction runs in the interpreter. Either way the guest sees the same instructions, counts and state. On by
    /// default: the Linux boot runs faster translated than interpreted (docs/benchmarks.md).
    /// </summary>
    public bool Translate { get; set; } = true;

    /// <summary>How many guest instructions a decoded block runs in the interpreter before it is translated (at least 1).</summary>
    internal int TranslationThreshold { get; set; } = 50_000;
}
