using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>One hardware-captured test: the instruction's bytes (with the trailing HLT), the state before and after.</summary>
/// <param name="Opcode">The file's opcode form, e.g. "F7.6" or "8F".</param>
/// <param name="Exception">Set when the instruction raised an interrupt through the IVT.</param>
internal sealed record ConformanceVector(
    string Opcode,
    int Index,
    string Name,
    byte[] Bytes,
    VectorState Initial,
    VectorState Final,
    ExpectedException? Exception,
    string Hash);

/// <summary>Registers and RAM bytes of a vector; <c>null</c> marks a register the state leaves out (unchanged).</summary>
internal sealed record VectorState(ushort?[] Registers, IReadOnlyList<KeyValuePair<uint, byte>> Ram)
{
    public ushort? this[VectorRegister register] => Registers[(int)register];
}

/// <summary>The interrupt the processor delivered, and where it pushed FLAGS.</summary>
internal readonly record struct ExpectedException(int Number, uint FlagAddress);
