using System;
using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>What the library says one x87 case leaves: ST0 (when compared), the memory output (when compared) and the status word.</summary>
internal readonly record struct X87Expectation(Extended80? St0, UInt128? MemoryOut, ushort StatusWord, Extended80? St1 = null, ulong? Flags = null);

/// <summary>One x87 case: ST0 = A, ST1 = B and a memory operand, the control word generated, host and library compared.</summary>
internal static class X87Case
{
    /// <summary>Status word bits a case compares: the six exception flags and C0-C3 (SF, ES, B and TOP are the instruction family's).</summary>
    public const ushort Exceptions = 0x3F, Codes = FpX87.C0 | FpX87.C1 | FpX87.C2 | FpX87.C3;

    /// <summary>
    /// Runs <paramref name="host"/> with ST0 = <paramref name="a"/>, ST1 = <paramref name="b"/> and <paramref name="memory"/>,
    /// comparing the status word bits in <paramref name="compared"/> and whatever <paramref name="model"/> fills in.
    /// </summary>
    public static string? Run(HostFpu host, FloatOperands o, Extended80 a, Extended80 b, UInt128 memory, ushort compared,
        Func<FpEnvironment, X87Expectation> model)
    {
        ushort controlWord = o.ControlWord();
        var block = HostFpuBlock.Create();
        block.A = HostFpuBlock.FromExtended(a);
        block.B = HostFpuBlock.FromExtended(b);
        block.Memory = memory;
        block.ControlWord = controlWord;
        host.Run(ref block);
        var env = FpEnvironment.FromX87ControlWord(controlWord);
        X87Expectation expected = model(env);
        ushort hostStatus = (ushort)(block.StatusWord & compared), libraryStatus = (ushort)(expected.StatusWord & compared);
        bool same = hostStatus == libraryStatus
            && (expected.St0 is not { } st0 || st0 == block.St0)
            && (expected.St1 is not { } st1 || st1 == block.St1)
            && (expected.MemoryOut is not { } output || output == block.MemoryOut)
            && (expected.Flags is not { } flags || flags == (block.Flags & 0x45));
        if (same)
            return null;
        return $"  a={a} b={b} mem={memory:X20} cw={controlWord:X4}: host st0 {block.St0} st1 {block.St1} mem {block.MemoryOut:X20} sw {hostStatus:X4} rflags {block.Flags & 0x45:X2}; "
            + $"library st0 {expected.St0} st1 {expected.St1} mem {expected.MemoryOut:X20} sw {libraryStatus:X4} rflags {expected.Flags:X2}";
    }

    /// <summary>The status word bits the library's environment stands for after an operation: its flags, and C1 when it rounded up.</summary>
    public static ushort Status(FpEnvironment env, ushort codes = 0) =>
        (ushort)((ushort)env.Flags | codes | (env.RoundedUp && (env.Flags & FpExceptions.Precision) != 0 ? FpX87.C1 : 0));
}
