using System;

namespace HvDsl.Runtime.Cpu.State;

/// <summary>
/// Moves one field at a time between <see cref="ArchitecturalState"/> and somewhere else: a writer reads each field, a
/// reader replaces it, so the state's layout is listed once, in <see cref="ArchitecturalState.Transfer{T}"/>.
/// </summary>
internal interface IStateTransfer
{
    /// <summary>Moves a 64-bit field.</summary>
    void Field(ref ulong value);

    /// <summary>Moves a 32-bit field.</summary>
    void Field(ref uint value);

    /// <summary>Moves a 16-bit field.</summary>
    void Field(ref ushort value);

    /// <summary>Moves an 8-bit field.</summary>
    void Field(ref byte value);

    /// <summary>Moves a flag.</summary>
    void Field(ref bool value);

    /// <summary>Moves a 128-bit field.</summary>
    void Field(ref UInt128 value);

    /// <summary>Moves a text field (null travels as empty).</summary>
    void Field(ref string? value);
}
