using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// Every Iced code the x87 family registers, executed by the guest and by the host processor on the same seeded cases
/// (<see cref="X87FormOperands"/>) and compared by <see cref="X87FormComparison"/>: the whole FNSAVE image but the pointers,
/// the status word, RFLAGS, RAX, MXCSR and the memory operand, bit for bit, but for the approximated transcendentals.
/// The codes come from the family's registration, so a code added later is a case here without further edits.
/// </summary>
public sealed class X87FormDifferentialTests
{
    /// <summary>Cases per code in the normal suite; HVDSL_X87_CASES sets another count for a longer run.</summary>
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_X87_CASES"), out var count) && count > 0 ? count : 300;

    // Runs of a differing host case before its difference counts: enough that a preemption in each is not a plausible cause.
    private const int HostRetries = 3;

    /// <summary>The codes the shipped x87 family executes.</summary>
    internal static Code[] Registered()
    {
        var table = VCpu.RegisterFamilies();
        return Enum.GetValues<Code>().Where(code => table.FamilyOf(code) == "x87").ToArray();
    }

    public static TheoryData<string> Codes => new(Registered().Select(code => code.ToString()));

    [Fact]
    public void Every_code_the_x87_family_registers_assembles_into_a_case_with_operands_of_its_type()
    {
        var unbuilt = new List<string>();
        foreach (var code in Registered())
        {
            try
            {
                new X87FormOperands(code).Next();
                Support.Guest.Assemble(64, Support.Guest.Code, a => X87FormDifferential.Case(a, code));
            }
            catch (NotSupportedException error)
            {
                unbuilt.Add(error.Message);
            }
        }
        Assert.True(unbuilt.Count == 0, string.Join("\n", unbuilt));
    }

    [HostFpuTheory]
    [MemberData(nameof(Codes))]
    public void Form_leaves_the_state_flags_and_memory_the_host_leaves(string name)
    {
        var code = Enum.Parse<Code>(name);
        var operands = new X87FormOperands(code);
        var blocks = new X87FormBlock[Cases];
        for (var i = 0; i < blocks.Length; i++)
            blocks[i] = operands.Next();
        var guest = X87FormDifferential.Guest(code, blocks);
        var host = X87FormDifferential.Host(code, blocks);
        var failures = new List<string>();
        var differing = 0;
        for (var i = 0; i < blocks.Length; i++)
        {
            if (DifferenceOnRetry(code, blocks[i], host[i], guest[i]) is { } difference && ++differing <= 6)
                failures.Add($"  case {i}: {Describe(blocks[i])}: {difference}");
        }
        Assert.True(differing == 0, $"{code}: {differing} of {blocks.Length} cases differ from the host:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// How the guest's case differs from the host's, after running a differing host case again: a host thread preempted mid-case
    /// can come back without FOP, FIP and FDP (AMD's XSAVE keeps them only while an exception is pending), which is not the guest's doing.
    /// </summary>
    private static string? DifferenceOnRetry(Code code, X87FormBlock block, X87FormBlock host, X87FormBlock guest)
    {
        var difference = X87FormComparison.Difference(code, host, guest);
        for (var retry = 0; difference is not null && retry < HostRetries; retry++)
            difference = X87FormComparison.Difference(code, X87FormDifferential.Host(code, [block])[0], guest);
        return difference;
    }

    private static string Describe(X87FormBlock block)
    {
        var bytes = X87FormBlock.Bytes(ref block).ToArray();
        var stack = string.Join(" ", Enumerable.Range(0, block.Depth).Select(i =>
            $"{BitConverter.ToUInt16(bytes, 16 * i + 8):X4}:{BitConverter.ToUInt64(bytes, 16 * i):X16}"));
        return $"cw {block.ControlWord:X4} mxcsr {block.Mxcsr:X4} st({block.Index}) depth {block.Depth} [{stack}] "
            + $"mem {Convert.ToHexString(bytes, X87FormBlock.MemoryOffset, 16)} rflags {block.FlagsIn:X3}";
    }
}
