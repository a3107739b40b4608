using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Runs one vector on a processor and judges it: skip rules, then the comparison.</summary>
internal sealed class VectorRunner(SuiteMetadata metadata, HashSet<string> revoked)
{
    /// <summary>Instructions a vector needs beyond its REP iterations: itself, an interrupt, the HLT, with room to spare.</summary>
    private const int BaseBudget = 16;

    /// <summary>Bits 12-15 of FLAGS (IOPL, NT) cannot be set in real mode.</summary>
    private const ushort RealModeFlags = 0x0FFF;

    public VectorOutcome Run(ConformanceVector vector, IConformanceCpu cpu)
    {
        if (revoked.Contains(vector.Hash))
            return new VectorOutcome(Verdict.Skipped, "revoked upstream");
        var instruction = InstructionBytes.Parse(vector.Bytes);
        OpcodeInfo info = metadata.For(vector.Opcode, instruction.ModRmReg);
        if (SkipRules.BeforeRun(vector, instruction, info) is { } reason)
            return new VectorOutcome(Verdict.Skipped, reason);
        try
        {
            Load(vector.Initial, cpu);
            ConformanceRun run = cpu.Run(Budget(vector, instruction));
            if (SkipRules.AfterRun(vector, run.Vector) is { } lateReason)
                return new VectorOutcome(Verdict.Skipped, lateReason);
            List<string> differences = StateComparer.Compare(vector, FlagMask.For(vector, instruction, info), cpu, run);
            return differences.Count == 0
                ? new VectorOutcome(Verdict.Passed)
                : new VectorOutcome(Verdict.Failed, string.Join("; ", differences));
        }
        catch (Exception e)
        {
            // A host exception out of the runtime is a runtime bug like any wrong result.
            return new VectorOutcome(Verdict.Failed, $"threw {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Clear(vector, cpu);
        }
    }

    /// <summary>A budget just above the vector's need, so a runaway guest (a #UD into a zero IVT) costs little.</summary>
    private static int Budget(ConformanceVector vector, InstructionBytes instruction) =>
        BaseBudget + (instruction.Repeat ? vector.Initial[VectorRegister.Cx] ?? 0 : 0);

    private static void Load(VectorState initial, IConformanceCpu cpu)
    {
        var registers = new ushort[VectorRegisters.Count];
        for (var r = 0; r < VectorRegisters.Count; r++)
            registers[r] = initial.Registers[r] ?? 0;
        registers[(int)VectorRegister.Flags] &= RealModeFlags;
        cpu.Load(registers);
        foreach (KeyValuePair<uint, byte> cell in initial.Ram)
            cpu.WriteByte(cell.Key, cell.Value);
    }

    /// <summary>Zeroes the bytes the vector named, so the next vector on this processor starts from clean RAM.</summary>
    private static void Clear(ConformanceVector vector, IConformanceCpu cpu)
    {
        foreach (KeyValuePair<uint, byte> cell in vector.Initial.Ram)
            cpu.WriteByte(cell.Key, 0);
        foreach (KeyValuePair<uint, byte> cell in vector.Final.Ram)
            cpu.WriteByte(cell.Key, 0);
    }
}
