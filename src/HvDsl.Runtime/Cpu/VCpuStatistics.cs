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

    /// <summary>Translations made for a block (physical address and RIP) that had been translated before and lost it.</summary>
    public long BlocksRetranslated { get; internal set; }

    /// <summary>Blocks decoded again after a translation of theirs was lost, whose threshold was raised for it (four times per translation they had).</summary>
    public long BlocksBackedOff { get; internal set; }

    /// <summary>Hot blocks the translator declined (nothing in them runs faster translated).</summary>
    public long BlocksDeclined { get; internal set; }

    /// <summary>Translations dropped because their cache slot was taken by another block.</summary>
    public long TranslationsEvicted { get; internal set; }

    /// <summary>Translations dropped because their block was decoded again (its code written, the trap set changed).</summary>
    public long TranslationsStale { get; internal set; }

    /// <summary>Bytes of IL emitted for translations, what RyuJIT's compile time grows with.</summary>
    public long TranslationIlBytes { get; internal set; }

    /// <summary>Time spent emitting IL for translations.</summary>
    public System.TimeSpan TranslationTime { get; internal set; }

    /// <summary>Time RyuJIT spent compiling translations, on their first run.</summary>
    public System.TimeSpan TranslationJitTime { get; internal set; }

    /// <summary>Instructions run by translated code, counting those it handed to the interpreter one at a time.</summary>
    public long InstructionsTranslated { get; internal set; }

    /// <summary>Of <see cref="InstructionsTranslated"/>, those translated code handed to the interpreter one at a time.</summary>
    public long InstructionsStepped { get; internal set; }

    /// <summary>Runs of translated blocks: each is one translated block entered from its first instruction.</summary>
    public long TranslatedBlockRuns { get; internal set; }

    /// <summary>Of <see cref="TranslatedBlockRuns"/>, those entered from the run loop rather than straight from the block before.</summary>
    public long TranslatedRunLoopEntries { get; internal set; }

    /// <summary>Instructions that raised #UD because the executor does not implement them, by Iced code.</summary>
    public IReadOnlyDictionary<Code, long> UnimplementedByCode => _unimplemented;

    internal void CountUnimplemented(Code code) =>
        _unimplemented[code] = _unimplemented.GetValueOrDefault(code) + 1;
}
