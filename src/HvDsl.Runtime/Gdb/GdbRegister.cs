namespace HvDsl.Runtime.Gdb;

/// <summary>One register of a target description: gdb's name and type, its size and feature, and where its value lives.</summary>
internal readonly record struct GdbRegister(string Name, int Bits, string Type, string Feature, RegisterSlot Slot, int Index = 0)
{
    /// <summary>Bytes the register takes in a <c>g</c> or <c>p</c> reply.</summary>
    public int Bytes => Bits / 8;
}
