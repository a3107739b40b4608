using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Firmware;

/// <summary>The few AML (ACPI Machine Language) terms a generated DSDT needs (ACPI 6.5, 20.2 "AML Grammar Definition").</summary>
public static class AcpiAml
{
    /// <summary>AML opcodes used here (20.2.3, 20.2.5).</summary>
    public const byte ZeroOp = 0x00, OneOp = 0x01, NameOp = 0x08, BytePrefix = 0x0A, PackageOp = 0x12;

    // A one-byte PkgLength holds lengths up to 63 (20.2.4).
    private const int OneBytePkgLength = 63;

    /// <summary>
    /// <c>Name(\_Sx_, Package() { pm1a, pm1b, 0, 0 })</c>: the SLP_TYP values that put PM1a_CNT and PM1b_CNT into sleeping
    /// state <paramref name="state"/> (7.4.2 "\_Sx (System States)"), the last two elements reserved.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The state is not S0-S5 or a type passes SLP_TYP's 3 bits.</exception>
    public static byte[] SleepState(int state, byte pm1aType, byte pm1bType)
    {
        if (state is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(state), state, "ACPI sleeping states are S0 to S5");
        if (pm1aType > 7 || pm1bType > 7) throw new ArgumentOutOfRangeException(nameof(pm1aType), "SLP_TYP is 3 bits");
        var elements = new List<byte>();
        foreach (var value in new[] { pm1aType, pm1bType, (byte)0, (byte)0 }) elements.AddRange(Integer(value));
        var length = 2 + elements.Count; // the PkgLength byte and NumElements count themselves
        if (length > OneBytePkgLength) throw new InvalidOperationException("the sleep package outgrew a one-byte PkgLength");
        return [NameOp, (byte)'_', (byte)'S', (byte)('0' + state), (byte)'_', PackageOp, (byte)length, 4, .. elements];
    }

    /// <summary>The shortest encoding of a byte-sized integer: ZeroOp, OneOp or BytePrefix and the byte (20.2.3).</summary>
    public static byte[] Integer(byte value) => value switch
    {
        0 => [ZeroOp],
        1 => [OneOp],
        _ => [BytePrefix, value],
    };
}
