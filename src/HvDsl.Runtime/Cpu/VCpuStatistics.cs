using System.Collections.Generic;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

/// <summary>What a vCPU has done: exits, exceptions, interrupts, decoding, and instructions it could not execute.</summary>
public sealed class VCpuStatistics
{
    private readonly Dictionary<Code, long> _unimplemented = [];

    /// <summary>VM exits taken.</summary>
    public long Exits { get; internal set; }

    /// <summary>Exceptions delivered to the guest (faults, traps, injected ones).</summary>
    public long Exceptions { get; internal set; }

    /// <summary>External interrupts delivered.</summary>
    public long Interrupts { get; internal set; }

    /// <summary>Data accesses to guest-physical addresses no RAM, ROM, device or MMIO hole covers (reads saw all ones, writes were dropped).</summary>
    public long UnassignedAccesses { get; internal set; }

    /// <summary>Blocks decoded (cache misses).</summary>
    public long BlocksDecoded { get; internal set; }

    /// <summary>Hot blocks translated into .NET IL.</summary>
    public long BlocksTranslated { get; internal set; }

    /// <summary>Time spent translating blocks (emitting IL; the JIT compiles each on its first run, which is not counted).</summary>
    public System.TimeSpan TranslationTime { get; internal set; }

    /// <summary>Instructions that raised #UD because the executor does not implement them, by Iced code.</summary>
    public IReadOnlyDictionary<Code, long> UnimplementedByCode => _unimplemented;

    internal void CountUnimplemented(Code code) =>
        _unimplemented[code] = _unimplemented.GetValueOrDefault(code) + 1;
}
