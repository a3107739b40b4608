using System;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// One case of an x87 form in memory, the same for the guest and the host: the registers pushed before it, the control
/// word, MXCSR, RFLAGS, RAX and the ST(i) it names going in; RFLAGS, RAX, the status word, MXCSR and an FNSAVE image
/// coming out; and a 512-byte memory operand (16-byte aligned for FXSAVE) the form reads or writes in place.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct X87FormBlock
{
    public const int Size = 816;
    public const int StackOffset = 0, ControlWordOffset = 128, DepthOffset = 130, IndexOffset = 131, StatusWordOffset = 132;
    public const int MxcsrOffset = 136, MxcsrOutOffset = 140, FlagsInOffset = 144, FlagsOutOffset = 152, RaxInOffset = 160, RaxOutOffset = 168;
    public const int SaveOffset = 176, MemoryOffset = 288, MemorySize = 512, SavedControlWordOffset = 800, SavedMxcsrOffset = 804;

    /// <summary>ST(0)..ST(7) after the pushes (the first <see cref="Depth"/> are pushed), 80 bits in each 16-byte slot.</summary>
    [FieldOffset(StackOffset)] public fixed byte Stack[128];
    [FieldOffset(ControlWordOffset)] public ushort ControlWord;
    [FieldOffset(DepthOffset)] public byte Depth;
    [FieldOffset(IndexOffset)] public byte Index;
    [FieldOffset(StatusWordOffset)] public ushort StatusWord;
    [FieldOffset(MxcsrOffset)] public uint Mxcsr;
    [FieldOffset(MxcsrOutOffset)] public uint MxcsrOut;
    [FieldOffset(FlagsInOffset)] public ulong FlagsIn;
    [FieldOffset(FlagsOutOffset)] public ulong FlagsOut;
    [FieldOffset(RaxInOffset)] public ulong RaxIn;
    [FieldOffset(RaxOutOffset)] public ulong RaxOut;
    [FieldOffset(SaveOffset)] public fixed byte Save[108];
    [FieldOffset(MemoryOffset)] public fixed byte Memory[MemorySize];

    /// <summary>The block's bytes.</summary>
    public static Span<byte> Bytes(ref X87FormBlock block) => MemoryMarshal.AsBytes(new Span<X87FormBlock>(ref block));
}
