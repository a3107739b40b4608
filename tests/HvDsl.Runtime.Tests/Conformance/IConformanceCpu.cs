using System;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>
/// A processor the conformance runner drives: real mode, 16 MB of physical RAM with A20 enabled,
/// nothing attached to any port (reads return all ones). One instance runs many vectors in turn.
/// </summary>
internal interface IConformanceCpu : IDisposable
{
    /// <summary>Enters real mode with these registers (segment bases = selector × 16); <paramref name="registers"/> is indexed by <see cref="VectorRegister"/>.</summary>
    void Load(ushort[] registers);

    /// <summary>The current value of a 16-bit register.</summary>
    ushort Read(VectorRegister register);

    void WriteByte(uint physicalAddress, byte value);

    byte ReadByte(uint physicalAddress);

    /// <summary>Executes from CS:IP until a HLT has executed, or at most <paramref name="instructionBudget"/> instructions.</summary>
    ConformanceRun Run(int instructionBudget);
}

/// <summary>How a run ended.</summary>
/// <param name="Halted">A HLT executed; IP is past it.</param>
/// <param name="Vector">The first interrupt or exception vector delivered through the IVT, if any.</param>
/// <param name="Stop">Why the run ended without a HLT (budget spent, shutdown, an exit the adapter could not handle).</param>
internal readonly record struct ConformanceRun(bool Halted, int? Vector, string? Stop);
