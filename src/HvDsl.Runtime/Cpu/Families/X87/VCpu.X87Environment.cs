using System;
using System.Buffers.Binary;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The data registers FSAVE stores after the environment, ST(0) first, 10 bytes each.</summary>
    private const int X87RegisterBytes = 80;

    private static bool IsWideEnvironment(Code code) =>
        code is Code.Fnstenv_m28byte or Code.Fldenv_m28byte or Code.Fnsave_m108byte or Code.Frstor_m108byte;

    /// <summary>FNSTENV: stores the environment (14 or 28 bytes), then masks every exception as the SDM describes.</summary>
    private static StepOutcome Fnstenv(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: false))
            return cpu.Stopped;
        Span<byte> image = stackalloc byte[28];
        var length = cpu.StoreX87Environment(image, IsWideEnvironment(ins.Code));
        if (cpu.WriteMemoryBlock(ref ins, image[..length]))
        {
            cpu._state.Fcw |= 0x3F;
            cpu.X87UpdateSummary();
        }
        return cpu.Stopped;
    }

    private static StepOutcome Fldenv(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: true))
            return cpu.Stopped;
        var wide = IsWideEnvironment(ins.Code);
        Span<byte> image = stackalloc byte[28];
        if (cpu.ReadMemoryBlock(ref ins, image[..(wide ? 28 : 14)]))
            cpu.LoadX87Environment(image, wide);
        return cpu.Stopped;
    }

    /// <summary>FNSAVE: the environment and the eight registers (94 or 108 bytes), then FNINIT.</summary>
    private static StepOutcome Fnsave(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: false))
            return cpu.Stopped;
        Span<byte> image = stackalloc byte[28 + X87RegisterBytes];
        var length = cpu.StoreX87Environment(image, IsWideEnvironment(ins.Code));
        for (var i = 0; i < 8; i++)
            cpu.StoreX87Register(image.Slice(length + 10 * i, 10), i);
        if (cpu.WriteMemoryBlock(ref ins, image[..(length + X87RegisterBytes)]))
            cpu.X87Initialize();
        return cpu.Stopped;
    }

    private static StepOutcome Frstor(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: true))
            return cpu.Stopped;
        var wide = IsWideEnvironment(ins.Code);
        var length = wide ? 28 : 14;
        Span<byte> image = stackalloc byte[28 + X87RegisterBytes];
        if (!cpu.ReadMemoryBlock(ref ins, image[..(length + X87RegisterBytes)]))
            return cpu.Stopped;
        // The environment first: its TOP places the registers, whose contents then decide the non-empty tags.
        cpu.LoadX87Environment(image, wide);
        for (var i = 0; i < 8; i++)
            cpu.LoadX87Register(image.Slice(length + 10 * i, 10), i);
        cpu._state.Ftw = cpu.X87FullTags(X87Occupied(cpu._state.Ftw));
        return cpu.Stopped;
    }

    private void LoadX87Register(ReadOnlySpan<byte> slot, int i)
    {
        ref var r = ref St(i);
        r.Significand = BinaryPrimitives.ReadUInt64LittleEndian(slot);
        r.SignExponent = BinaryPrimitives.ReadUInt16LittleEndian(slot[8..]);
    }

    private void StoreX87Register(Span<byte> slot, int i)
    {
        ref var r = ref St(i);
        BinaryPrimitives.WriteUInt64LittleEndian(slot, r.Significand);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[8..], r.SignExponent);
    }

    /// <summary>
    /// Writes the environment in the layout of the operand size and mode (SDM vol. 1, figures 8-9 to 8-12) and returns its
    /// length. Real mode stores 20-bit linear pointers with the opcode; protected mode stores offsets and selectors.
    /// </summary>
    private int StoreX87Environment(Span<byte> image, bool wide)
    {
        var real = Mode == CpuMode.Real;
        var width = wide ? 4 : 2;
        image[..(wide ? 28 : 14)].Clear();
        var tags = X87FullTags(X87Occupied(_state.Ftw));
        _state.Ftw = tags;
        // The 32-bit layouts' reserved upper halves read as ones, as the hardware stores them.
        var reserved = wide ? 0xFFFF0000u : 0;
        Put(image, 0, width, reserved | _state.Fcw);
        Put(image, width, width, reserved | _state.Fsw);
        Put(image, 2 * width, width, reserved | tags);
        if (real)
        {
            Put(image, 3 * width, width, _state.Fip & 0xFFFF);
            Put(image, 4 * width, width, ((_state.Fip >> 16) << 12 & (wide ? 0xFFFF000u : 0xF000u)) | (uint)(_state.Fop & 0x7FF));
            Put(image, 5 * width, width, _state.Fdp & 0xFFFF);
            Put(image, 6 * width, width, (_state.Fdp >> 16) << 12 & (wide ? 0xFFFF000u : 0xF000u));
        }
        else
        {
            Put(image, 3 * width, width, _state.Fip);
            Put(image, 4 * width, width, wide ? _state.Fcs | (uint)(_state.Fop & 0x7FF) << 16 : _state.Fcs);
            Put(image, 5 * width, width, _state.Fdp);
            Put(image, 6 * width, width, reserved | _state.Fds);
        }
        return 7 * width;
    }

    private void LoadX87Environment(ReadOnlySpan<byte> image, bool wide)
    {
        var width = wide ? 4 : 2;
        _state.Fcw = (ushort)((Get(image, 0, width) & 0x1F3F) | 0x40);
        _state.Fsw = (ushort)Get(image, width, width);
        _state.Ftw = X87FullTags(X87Occupied((ushort)Get(image, 2 * width, width)));
        if (Mode == CpuMode.Real)
        {
            var high = wide ? 0xFFFF000u : 0xF000u;
            var ipHigh = Get(image, 4 * width, width);
            _state.Fip = Get(image, 3 * width, width) & 0xFFFF | (ipHigh & high) << 4;
            _state.Fop = (ushort)(ipHigh & 0x7FF);
            _state.Fdp = Get(image, 5 * width, width) & 0xFFFF | (Get(image, 6 * width, width) & high) << 4;
            (_state.Fcs, _state.Fds) = (0, 0);
        }
        else
        {
            var selectorWord = Get(image, 4 * width, width);
            _state.Fip = Get(image, 3 * width, width);
            _state.Fcs = (ushort)selectorWord;
            // The 16-bit layout has no FOP field; the host processor leaves FOP zero after loading one.
            _state.Fop = wide ? (ushort)(selectorWord >> 16 & 0x7FF) : (ushort)0;
            _state.Fdp = Get(image, 5 * width, width);
            _state.Fds = (ushort)Get(image, 6 * width, width);
        }
        X87UpdateSummary();
    }

    private static void Put(Span<byte> image, int offset, int width, ulong value)
    {
        if (width == 4)
            BinaryPrimitives.WriteUInt32LittleEndian(image[offset..], (uint)value);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(image[offset..], (ushort)value);
    }

    private static uint Get(ReadOnlySpan<byte> image, int offset, int width) =>
        width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(image[offset..]) : BinaryPrimitives.ReadUInt16LittleEndian(image[offset..]);
}
