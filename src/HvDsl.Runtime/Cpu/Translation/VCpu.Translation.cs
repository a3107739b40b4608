using System;
using System.Diagnostics;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// A block's translation, or its heat on the way to one; valid only for the decoded block it was made from, as long
    /// as that block still holds the same code (a re-decode or a code write changes what it is checked against).
    /// </summary>
    private sealed class Translation
    {
        public DecodedBlock? Block;
        public ulong Rip, Phys;
        public int Generation, TrapVersion, Bitness, Count;
        public int Heat;
        public TranslatedCode? Code;

        /// <summary>The translator declined the block (nothing in it runs faster translated).</summary>
        public bool Declined;

        public bool Describes(DecodedBlock block) => Block == block && Rip == block.Rip && Phys == block.Phys
            && Generation == block.Generation && TrapVersion == block.TrapVersion && Bitness == block.Bitness && Count == block.Count;
    }

    /// <summary>Translations in the decoded-block cache's slots, so a block evicted there loses its translation too.</summary>
    private readonly Translation?[] _translations = new Translation?[BlockCacheSize];

    /// <summary>What the instruction a translated block left at settled to: <see cref="StepOutcome.Exit"/> or Next.</summary>
    private StepOutcome _translatedEnd;

    /// <summary>
    /// Runs <paramref name="block"/> up to <paramref name="limit"/>: translated when it is hot, fits the budget whole and no
    /// breakpoint is set, then straight on into its linked successor under the interpreter's own chaining rule; otherwise in
    /// the interpreter. Returns <see cref="StepOutcome.Exit"/> when an exit is recorded for the run loop, else Next.
    /// </summary>
    private StepOutcome RunBlock(DecodedBlock block, ulong limit)
    {
        // A breakpoint cuts blocks where the interpreter stops, which a whole-block translation cannot.
        if (!Vm.Translate || _breakpoints.Length != 0)
            return ExecuteBlock(block, limit);
        _codeWritten = false;
        // Bounded: every pass runs a whole block of at least one instruction and stops at the limit.
        while (true)
        {
            var start = _state.Instructions;
            var code = TranslationOf(block);
            if (code is null || limit - start < (ulong)block.Count)
            {
                // Exactly this block, so the next one comes back through here and is counted towards its translation.
                return ExecuteBlock(block, Math.Min(limit, start + (ulong)block.Count));
            }
            if (!code(this, ref _state.Gpr[0], start, limit))
                return _translatedEnd;
            start = _state.Instructions;
            if (start >= _chainUntil || start >= limit || LinkedBlock(block, _state.Rip) is not { } next)
                return StepOutcome.Next;
            block = next;
        }
    }

    /// <summary>The translation of <paramref name="block"/>, made the run it becomes hot; null while it is cold or declined.</summary>
    private TranslatedCode? TranslationOf(DecodedBlock block)
    {
        if (block == _uncached)
            return null;
        var slot = (int)((block.Phys ^ (block.Phys >> 12)) & (BlockCacheSize - 1));
        var entry = _translations[slot] ??= new Translation();
        if (!entry.Describes(block))
        {
            entry.Block = block;
            (entry.Rip, entry.Phys, entry.Generation, entry.TrapVersion, entry.Bitness, entry.Count) =
                (block.Rip, block.Phys, block.Generation, block.TrapVersion, block.Bitness, block.Count);
            (entry.Heat, entry.Code, entry.Declined) = (0, null, false);
        }
        if (entry.Code is not null || entry.Declined || ++entry.Heat < Vm.TranslationThreshold)
            return entry.Code;
        var started = Stopwatch.GetTimestamp();
        entry.Code = BlockTranslator.Translate(block);
        entry.Declined = entry.Code is null;
        Statistics.TranslationTime += Stopwatch.GetElapsedTime(started);
        if (entry.Code is not null)
            Statistics.BlocksTranslated++;
        return entry.Code;
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
    /// settled into <see cref="_translatedEnd"/>).
    /// </summary>
    private bool TranslatedStep(int index, ulong rip, ulong start, ulong flags)
    {
        Enter(index, rip, _block!.Ops[index].NextRip, start);
        _state.RFlags = flags;
        // A handler may touch devices, flags or the interrupt state: the run loop looks again after this block.
        _chainUntil = 0;
        var outcome = Execute(ref _block.Code[index]);
        if (outcome == StepOutcome.Next && !_codeWritten)
            return true;
        _translatedEnd = FinishInstruction(outcome);
        return false;
    }

    /// <summary>
    /// Settles the access a translated block leaves at (its registers and flags already published): the fault or exit it
    /// recorded, or Next when it completed but wrote decoded code.
    /// </summary>
    private void TranslatedLeave() => _translatedEnd = FinishInstruction(Stopped);
}
