using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Small hand-made vectors for the runner's own tests.</summary>
internal static class Vectors
{
    /// <summary>A vector whose initial registers are all zero but IP = 0x100 and FLAGS = 0x0002.</summary>
    public static ConformanceVector Make(
        string opcode,
        byte[] bytes,
        (VectorRegister Register, ushort Value)[]? final = null,
        KeyValuePair<uint, byte>[]? initialRam = null,
        KeyValuePair<uint, byte>[]? finalRam = null,
        ExpectedException? exception = null)
    {
        var initial = new ushort?[VectorRegisters.Count];
        for (var r = 0; r < initial.Length; r++)
            initial[r] = 0;
        initial[(int)VectorRegister.Ip] = 0x100;
        initial[(int)VectorRegister.Flags] = 0x0002;
        var after = new ushort?[VectorRegisters.Count];
        foreach ((VectorRegister register, ushort value) in final ?? [])
            after[(int)register] = value;
        return new ConformanceVector(opcode, 0, "test", bytes,
            new VectorState(initial, initialRam ?? []), new VectorState(after, finalRam ?? []), exception, "hash");
    }

    public static KeyValuePair<uint, byte> Cell(uint address, byte value) => new(address, value);
}
