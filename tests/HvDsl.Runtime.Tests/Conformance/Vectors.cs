using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Small hand-made vectors for the runner's own tests.</summary>
internal static class Vectors
{
    /// <summary>A vector whose initial registers are zero but IP = 0x100, FLAGS = 0x0002 and those in <paramref name="initial"/>.</summary>
    public static ConformanceVector Make(
        string opcode,
        byte[] bytes,
        (VectorRegister Register, ushort Value)[]? final = null,
        (VectorRegister Register, ushort Value)[]? initial = null,
        KeyValuePair<uint, byte>[]? initialRam = null,
        KeyValuePair<uint, byte>[]? finalRam = null,
        ExpectedException? exception = null)
    {
        var before = new ushort?[VectorRegisters.Count];
        for (var r = 0; r < before.Length; r++)
            before[r] = 0;
        before[(int)VectorRegister.Ip] = 0x100;
        before[(int)VectorRegister.Flags] = 0x0002;
        foreach ((VectorRegister register, ushort value) in initial ?? [])
            before[(int)register] = value;
        var after = new ushort?[VectorRegisters.Count];
        foreach ((VectorRegister register, ushort value) in final ?? [])
            after[(int)register] = value;
        return new ConformanceVector(opcode, 0, "test", bytes,
            new VectorState(before, initialRam ?? []), new VectorState(after, finalRam ?? []), exception, "hash");
    }

    public static KeyValuePair<uint, byte> Cell(uint address, byte value) => new(address, value);
}
