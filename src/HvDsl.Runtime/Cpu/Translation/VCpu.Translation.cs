using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>A decoded block's translation, or its heat on the way to one; reset when the block's slot is decoded again.</summary>
    private sealed partial class DecodedBlock
    {
        /// <summary>How many instructions the block ran in the interpreter while it was not yet translated.</summary>
        public long Heat;

        /// <summary>How far the threshold is shifted left for this block: twice the translations its (physical address, RIP) had before.</summary>
        public int Backoff;

        /// <summary>The block's translation, once it is hot.</summary>
        public TranslatedCode? Translation;

        /// <summary>The stack address size the translation's stack forms were made for, or 0 when it holds for any.</summary>
        public int StackSize;

        /// <summary>The translator declined the block (nothing in it runs faster translated).</summary>
        public bool Declined;

        /// <summary>
        /// Whether this run of the block stays in the interpreter: it is declined, or, counting this run's instructions,
        /// still below <paramref name="threshold"/> instructions run untranslated, shifted left by <see cref="Backoff"/>.
        /// </summary>
        public bool Interpreted(int threshold) => Translation is null && (Declined || (Heat += Count) < (long)threshold << Backoff);
    }

    /// <summary>The heat at which blocks are translated while a run translates, else 0: the block loop then chains blocks without counting.</summary>
    private int _threshold;

    /// <summary>A translated or newly hot block the block loop would have chained into, left for <see cref="RunBlock"/> to run.</summary>
    private DecodedBlock? _handOver;

    /// <summary>How many translations each block (physical address, RIP) has had, so one made again is counted and backed off.</summary>
    private readonly Dictionary<(ulong Phys, ulong Rip), int> _translations = [];

    /// <summary>The most a block's threshold is shifted left (a factor of about a million) however often it was translated.</summary>
    private const int MaxBackoff = 20;

    /// <summary>Set when a translation was just made: its first run is timed for RyuJIT's compile.</summary>
    private bool _firstRun;

    /// <summary>What the instruction a translated block left at settled to: <see cref="StepOutcome.Exit"/> or Next.</summary>
    private StepOutcome _translatedEnd;

    /// <summary>
    /// Runs <paramref name="block"/> up to <paramref name="limit"/>: translated when it is hot, fits the budget whole and no
    /// breakpoint is set, then straight on into its linked successor under the interpreter's own chaining rule; otherwise in
    /// the interpreter, which chains on until it reaches a translated or hot block and hands that back here. Returns
    /// <see cref="StepOutcome.Exit"/> when an exit is recorded for the run loop, else Next.
    /// </summary>
    private StepOutcome RunBlock(DecodedBlock block, ulong limit)
    {
        // A breakpoint cuts blocks where the interpreter stops, which a whole-block translation cannot.
        _threshold = Vm.Translate && _breakpoints.Length == 0 ? Math.Max(Vm.TranslationThreshold, 1) : 0;
        if (_threshold == 0)
            return ExecuteBlock(block, limit);
        _codeWritten = false;
        var entered = false;
        // Bounded: every pass runs a whole block of at least one instruction and stops at the limit.
        while (true)
        {
            var start = _state.Instructions;
            var code = block.Translation ?? (block.Interpreted(_threshold) ? null : TranslationOf(block));
            // A translation made for another stack address size (SS reloaded since) runs in the interpreter instead.
            if (code is null || (block.StackSize != 0 && block.StackSize != StackAddressSize) || limit - start < (ulong)block.Count)
            {
                var outcome = ExecuteBlock(block, limit);
                if (outcome != StepOutcome.Next || _handOver is not { } handed)
                    return outcome;
                _handOver = null;
                block = handed;
                continue;
            }
            Statistics.TranslatedBlockRuns++;
            if (!entered)
            {
                entered = true;
                Statistics.TranslatedRunLoopEntries++;
            }
            var completed = _firstRun ? RunFirst(code, start, limit) : code(ref _state.Gpr[0], start, limit);
            Statistics.InstructionsTranslated += (long)(_state.Instructions - start);
            if (!completed)
                return _translatedEnd;
            start = _state.Instructions;
            if (start >= _chainUntil || start >= limit || LinkedBlock(block, _state.Rip) is not { } next)
                return StepOutcome.Next;
            block = next;
        }
    }

    /// <summary>The translation of hot <paramref name="block"/>, which has none yet, made now; null when the translator declines it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TranslatedCode? TranslationOf(DecodedBlock block)
    {
        var started = Stopwatch.GetTimestamp();
        block.Translation = BlockTranslator.Translate(this, block);
        block.Declined = block.Translation is null;
        Statistics.TranslationTime += Stopwatch.GetElapsedTime(started);
        if (block.Declined)
            Statistics.BlocksDeclined++;
        else
        {
            Statistics.BlocksTranslated++;
            ref var made = ref CollectionsMarshal.GetValueRefOrAddDefault(_translations, (block.Phys, block.Rip), out var before);
            if (before)
                Statistics.BlocksRetranslated++;
            made++;
            _firstRun = true;
        }
        return block.Translation;
    }

    /// <summary>
    /// Forgets the translation of <paramref name="block"/> as its slot is decoded again, for the block at
    /// <paramref name="phys"/> and <paramref name="rip"/>, whose threshold is multiplied by four for each translation
    /// that block had before: code rewritten or evicted again and again pays RyuJIT a few times, not once each time.
    /// </summary>
    private void DropTranslation(DecodedBlock block, ulong phys, ulong rip)
    {
        if (block.Translation is not null)
        {
            if (block.Phys == phys && block.Rip == rip)
                Statistics.TranslationsStale++;
            else
                Statistics.TranslationsEvicted++;
        }
        (block.Heat, block.Translation, block.Declined, block.Backoff) = (0, null, false, 0);
        if (Vm.Translate && _translations.TryGetValue((phys, rip), out var made))
        {
            block.Backoff = Math.Min(2 * made, MaxBackoff);
            Statistics.BlocksBackedOff++;
        }
    }

    /// <summary>A new translation's first run, which is when RyuJIT compiles it: that compile time is counted apart.</summary>
    private bool RunFirst(TranslatedCode code, ulong start, ulong limit)
    {
        _firstRun = false;
        var compiling = JitInfo.GetCompilationTime(currentThread: true);
        var completed = code(ref _state.Gpr[0], start, limit);
        Statistics.TranslationJitTime += JitInfo.GetCompilationTime(currentThread: true) - compiling;
        return completed;
    }

    /// <summary>A translated block's read that missed its inlined TLB path: the interpreter's, at instruction <paramref name="index"/>.</summary>
    private bool TranslatedRead(int index, ulong rip, ulong nextRip, ulong start, int segment, ulong offset, int size, out ulong value)
    {
        Enter(index, rip, nextRip, start);
        return ReadSeg(segment, offset, size, out value);
    }

    /// <summary>A translated block's write that missed its inlined TLB path: the interpreter's, at instruction <paramref name="index"/>.</summary>
    private bool TranslatedWrite(int index, ulong rip, ulong nextRip, ulong start, int segment, ulong offset, int size, ulong value)
    {
        Enter(index, rip, nextRip, start);
        return WriteSeg(segment, offset, size, value);
    }

    /// <summary>
    /// Instruction <paramref name="index"/> of the running block through the interpreter's one-instruction entry, as the
    /// block loop runs a generic micro-op; false when it left the block (a branch, fault, exit or a write to decoded code,
    /// settled into <see cref="_translatedEnd"/>). A <paramref name="quiet"/> instruction (see
    /// <see cref="LeavesRunLoopChecksAlone"/>) lets the block chain on.
    /// </summary>
    private bool TranslatedStep(int index, ulong rip, ulong start, ulong flags, bool quiet)
    {
        Enter(index, rip, _block!.Ops[index].NextRip, start);
        Statistics.InstructionsStepped++;
        _state.RFlags = flags;
        // Any other handler may touch devices, flags or the interrupt state: the run loop looks again after this block.
        if (!quiet)
            _chainUntil = 0;
        var outcome = Execute(ref _block.Code[index]);
        if (outcome == StepOutcome.Next && !_codeWritten)
            return true;
        _translatedEnd = FinishInstruction(outcome);
        return false;
    }

    /// <summary>
    /// Whether an instruction that completes in place changes nothing the run loop checks between blocks: it is neither
    /// privileged (that takes in CPL 0 instructions, port I/O, CLI and STI) nor VMCALL nor POPF (which sets TF, which Iced
    /// does not track), writes no segment register (MOV SS and POP SS hold interrupts) and leaves IF as it was; its MMIO accesses stop the chain by themselves.
    /// </summary>
    private static bool LeavesRunLoopChecksAlone(ref Instruction ins) =>
        ins.FlowControl == FlowControl.Next && !ins.IsPrivileged
        && ins.Mnemonic is not (Mnemonic.Vmcall or Mnemonic.Vmmcall or Mnemonic.Lds or Mnemonic.Les or Mnemonic.Lfs or Mnemonic.Lgs or Mnemonic.Lss
            or Mnemonic.Popf or Mnemonic.Popfd or Mnemonic.Popfq)
        && !(ins.Op0Kind == OpKind.Register && ins.Op0Register.IsSegmentRegister())
        && (ins.RflagsModified & RflagsBits.IF) == 0;

    /// <summary>
    /// Settles the access a translated block leaves at (its registers and flags already published): the fault or exit it
    /// recorded, or Next when it completed but wrote decoded code.
    /// </summary>
    private void TranslatedLeave() => _translatedEnd = FinishInstruction(Stopped);
}
