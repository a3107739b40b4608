using System.Diagnostics;
using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    private static readonly InstructionTable Table = RegisterFamilies();

    /// <summary>Every instruction family's handlers by Iced code; a code no family registered counts as unimplemented and raises #UD.</summary>
    private static readonly delegate*<VCpu, ref Instruction, StepOutcome>[] Handlers = Table.Build(&Unimplemented);

    /// <summary>The codes that raise #GP(0) above CPL 0, whether executed or trapped.</summary>
    private static readonly bool[] PrivilegedCodes = Table.Privileged();

    /// <summary>The families, one registration line each: a new family adds its folder under Families/ and its line here.</summary>
    internal static InstructionTable RegisterFamilies()
    {
        var table = new InstructionTable();
        RegisterInteger(table);
        RegisterString(table);
        RegisterControlFlow(table);
        RegisterSystem(table);
        RegisterX87(table);
        RegisterSse(table);
        RegisterSseFloat(table);
        return table;
    }

    /// <summary>
    /// Executes one instruction through its family's handler, with <see cref="_nextRip"/> already past it, and returns how
    /// it ended; the caller settles the outcome (<see cref="FinishInstruction"/>) at this exact instruction boundary.
    /// </summary>
    private StepOutcome Execute(ref Instruction ins)
    {
        var code = (int)ins.Code;
        if (PrivilegedCodes[code] && Cpl > 0)
            return RaiseGp0();
        var outcome = Handlers[code](this, ref ins);
        Debug.Assert(outcome >= StepOutcome.Fault || _recorded == StepOutcome.Next, $"{ins.Code}'s handler completed over the {_recorded} it recorded");
        return outcome;
    }

    /// <summary>An instruction no family implements: counted, then #UD in the guest.</summary>
    private static StepOutcome Unimplemented(VCpu cpu, ref Instruction ins)
    {
        cpu.Statistics.CountUnimplemented(ins.Code);
        return cpu.RaiseUd();
    }
}
