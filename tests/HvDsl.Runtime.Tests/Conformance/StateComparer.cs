using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Compares a processor's state after a run with a vector's expected final state.</summary>
internal static class StateComparer
{
    /// <summary>Every difference as "what: expected X, actual Y"; empty when the run matches.</summary>
    public static List<string> Compare(ConformanceVector vector, ushort flagMask, IConformanceCpu cpu, ConformanceRun run)
    {
        var differences = new List<string>();
        if (!run.Halted)
            differences.Add($"no HLT reached: {run.Stop}");
        CompareException(vector.Exception, run.Vector, differences);
        CompareRegisters(vector, flagMask, cpu, differences);
        CompareRam(vector, flagMask, cpu, differences);
        return differences;
    }

    private static void CompareException(ExpectedException? expected, int? raised, List<string> differences)
    {
        if (expected?.Number != raised)
            differences.Add($"interrupt: expected {Describe(expected?.Number)}, actual {Describe(raised)}");
    }

    private static string Describe(int? vector) => vector is { } v ? $"vector {v}" : "none";

    private static void CompareRegisters(ConformanceVector vector, ushort flagMask, IConformanceCpu cpu, List<string> differences)
    {
        for (var r = 0; r < VectorRegisters.Count; r++)
        {
            var register = (VectorRegister)r;
            ushort expected = vector.Final[register] ?? vector.Initial[register] ?? 0;
            ushort actual = cpu.Read(register);
            if (register == VectorRegister.Flags)
            {
                if (((expected ^ actual) & flagMask) != 0)
                    differences.Add($"flags: expected {expected & flagMask:X4}, actual {actual & flagMask:X4} (mask {flagMask:X4}; {FlagNames.Of((ushort)((expected ^ actual) & flagMask))} differ)");
            }
            else if (expected != actual)
            {
                differences.Add($"{VectorRegisters.Name(register)}: expected {expected:X4}, actual {actual:X4}");
            }
        }
    }

    /// <summary>Bytes the final state lists must hold their values, bytes only the initial state lists must be unchanged.</summary>
    private static void CompareRam(ConformanceVector vector, ushort flagMask, IConformanceCpu cpu, List<string> differences)
    {
        var expected = new Dictionary<uint, byte>();
        foreach (KeyValuePair<uint, byte> cell in vector.Initial.Ram)
            expected[cell.Key] = cell.Value;
        foreach (KeyValuePair<uint, byte> cell in vector.Final.Ram)
            expected[cell.Key] = cell.Value;
        foreach ((uint address, byte value) in expected)
        {
            byte mask = PushedFlagsMask(vector, flagMask, address);
            byte actual = cpu.ReadByte(address);
            if (((value ^ actual) & mask) != 0)
                differences.Add($"ram[{address:X6}]: expected {value & mask:X2}, actual {actual & mask:X2}" + (mask == 0xFF ? "" : " (pushed FLAGS, masked)"));
        }
    }

    /// <summary>
    /// The flag mask applies to the FLAGS word the interrupt pushed. The vectors round <c>flag_address</c>
    /// down to even: with an odd SP the word starts one byte above it (165 vectors of 80286-real).
    /// </summary>
    private static byte PushedFlagsMask(ConformanceVector vector, ushort flagMask, uint address)
    {
        if (vector.Exception is not { FlagAddress: var rounded })
            return 0xFF;
        uint low = rounded + ((vector.Initial[VectorRegister.Sp] ?? 0) & 1u);
        return address == low ? (byte)flagMask : address == low + 1 ? (byte)(flagMask >> 8) : (byte)0xFF;
    }
}
