using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>Applies the <see cref="Alu"/> to a state as the executor would for one instruction form.</summary>
internal delegate Outcome Emulation(ref CpuState state);

/// <summary>Runs one instruction form on the host and through the <see cref="Alu"/> on many operands and compares them.</summary>
internal static class Differential
{
    /// <summary>Cases per form: enough to hit carries, sign boundaries and every small count, fast enough for every build.</summary>
    public const int Cases = 3000;

    /// <summary>HVDSL_DIFF_UNDEFINED=1 compares undefined flags and results too, to check the Alu's host-matching choices.</summary>
    private static readonly bool Strict = Environment.GetEnvironmentVariable("HVDSL_DIFF_UNDEFINED") == "1";

    /// <summary>
    /// Checks <paramref name="instruction"/> on <see cref="Cases"/> inputs. <paramref name="hostFaults"/>
    /// tells, independently of the Alu, which inputs raise #DE: those never run natively.
    /// </summary>
    public static void Check(Instruction instruction, Func<Operands, CpuState> input, Emulation emulate, Func<CpuState, bool>? hostFaults = null)
    {
        string form = instruction.Code.ToString();
        var operands = new Operands(form);
        ulong undefined = ToRFlags(instruction.RflagsUndefined);
        var failures = new List<string>();
        using var thunk = new NativeThunk(instruction);
        for (int i = 0; i < Cases && failures.Count < 5; i++)
        {
            CpuState initial = input(operands);
            CpuState expected = initial;
            Outcome outcome = emulate(ref expected);
            bool faults = hostFaults?.Invoke(initial) ?? false;
            if (faults || outcome.DivideError)
            {
                if (faults != outcome.DivideError)
                    failures.Add($"#DE: host {faults}, Alu {outcome.DivideError} for {initial}");
                continue;
            }
            CpuState actual = initial;
            thunk.Run(ref actual);
            string? difference = Compare(initial, expected, actual, Ignored(undefined, outcome), outcome.ResultUndefined && !Strict);
            if (difference != null)
                failures.Add($"{difference}\n    in:   {initial}\n    host: {actual}\n    alu:  {expected}");
        }
        Assert.True(failures.Count == 0, $"{form} differs from the host:\n" + string.Join("\n", failures));
    }

    private static ulong Ignored(ulong undefined, Outcome outcome) =>
        Strict || outcome.FlagsUnchanged ? 0 : outcome.ResultUndefined ? RFlags.Arithmetic : undefined;

    private static string? Compare(CpuState initial, CpuState expected, CpuState actual, ulong ignoredFlags, bool ignoreRegisters)
    {
        if ((expected.Flags & ~RFlags.Arithmetic) != (initial.Flags & ~RFlags.Arithmetic))
            return "Alu changed a non-status flag";
        ulong flagDifference = (expected.Flags ^ actual.Flags) & RFlags.Arithmetic & ~ignoredFlags;
        if (flagDifference != 0)
            return $"flags {flagDifference:X3} differ";
        bool registersEqual = expected.Rax == actual.Rax && expected.Rcx == actual.Rcx
            && expected.Rdx == actual.Rdx && expected.Rbx == actual.Rbx;
        return registersEqual || ignoreRegisters ? null : "registers differ";
    }

    /// <summary>Iced's flag bits in RFLAGS positions.</summary>
    private static ulong ToRFlags(RflagsBits bits) =>
        ((bits & RflagsBits.CF) != 0 ? RFlags.CF : 0) | ((bits & RflagsBits.PF) != 0 ? RFlags.PF : 0)
        | ((bits & RflagsBits.AF) != 0 ? RFlags.AF : 0) | ((bits & RflagsBits.ZF) != 0 ? RFlags.ZF : 0)
        | ((bits & RflagsBits.SF) != 0 ? RFlags.SF : 0) | ((bits & RflagsBits.OF) != 0 ? RFlags.OF : 0);
}
