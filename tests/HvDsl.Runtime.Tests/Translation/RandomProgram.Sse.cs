using System;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The SSE and SSE2 part of a random program: the forms the translator emits (scalar and packed arithmetic, compares,
/// conversions, logic, unpacks and moves, from registers and memory) over operands that reach every path of its fast
/// path and of the soft-float one: NaNs, infinities, denormals, zeros, extremes and inexact values, under any rounding
/// mode, DAZ and FTZ, masked or unmasked flags, and now and then CR0.TS set or CR4.OSXMMEXCPT clear.
/// </summary>
internal sealed partial class RandomProgram
{
    private const ulong Cr0Ts = 1 << 3, Cr4Osfxsr = 1 << 9, Cr4Osxmmexcpt = 1 << 10;

    private static readonly string[] ArithmeticMnemonics = ["Add", "Sub", "Mul", "Div", "Sqrt", "Min", "Max"];
    private static readonly string[] LogicMnemonics =
        ["Andpd", "Andnpd", "Orpd", "Xorpd", "Andps", "Andnps", "Orps", "Xorps", "Pand", "Pandn", "Por", "Pxor", "Unpcklpd", "Unpckhpd"];
    private static readonly string[] WideMoves = ["Movapd", "Movaps", "Movdqa", "Movupd", "Movups", "Movdqu"];

    private readonly bool _sse;
    private readonly UInt128[] _xmm = new UInt128[16];
    private uint _mxcsr;
    private ulong _cr0, _cr4;

    /// <summary>Edge values for the XMM registers, half the data page, MXCSR and the SSE control bits, drawn after the rest.</summary>
    private void PrepareSse()
    {
        for (var i = 0; i < _xmm.Length; i++)
            _xmm[i] = new UInt128(EdgeQuadword(), EdgeQuadword());
        for (var offset = 0; offset < 4096; offset += 8)
            BitConverter.TryWriteBytes(DataBytes.AsSpan(offset), EdgeQuadword());
        var rounding = _random.Next(2) == 0 ? 0u : (uint)_random.Next(4);
        var masks = _random.Next(3) == 0 ? (uint)_random.Next(64) : 0x3Fu;
        var flags = _random.Next(4) == 0 ? (uint)_random.Next(64) : 0u;
        _mxcsr = rounding << 13 | masks << 7 | flags | (_random.Next(6) == 0 ? 0x40u : 0) | (_random.Next(6) == 0 ? 0x8000u : 0);
        _cr0 = _random.Next(32) == 0 ? Cr0Ts : 0;
        _cr4 = Cr4Osfxsr | (_random.Next(8) == 0 ? 0 : Cr4Osxmmexcpt);
    }

    private void BootSse(Vm vm)
    {
        vm.Cpu.Cr0 |= _cr0;
        vm.Cpu.Cr4 |= _cr4;
        vm.Cpu.Architectural.Mxcsr = _mxcsr;
        for (var i = 0; i < _xmm.Length; i++)
            vm.Cpu.Architectural.Xmm[i] = _xmm[i];
    }

    /// <summary>One SSE or SSE2 instruction of the forms the translator emits.</summary>
    private Instruction Sse()
    {
        var x = Xmm();
        var y = Xmm();
        var single = _random.Next(2) == 0;
        var (suffix, bits) = single ? ("s", 32) : ("d", 64);
        var fromMemory = _random.Next(3) == 0;
        switch (_random.Next(10))
        {
            case 0:
            case 1:
            {
                var code = Parse($"{ArithmeticMnemonics[_random.Next(ArithmeticMnemonics.Length)]}s{suffix}_xmm_xmmm{bits}");
                return fromMemory ? Instruction.Create(code, x, SseMemory(bits / 8)) : Instruction.Create(code, x, y);
            }
            case 2:
            {
                var code = Parse($"{ArithmeticMnemonics[_random.Next(ArithmeticMnemonics.Length)]}p{suffix}_xmm_xmmm128");
                return fromMemory ? Instruction.Create(code, x, SseMemory(16)) : Instruction.Create(code, x, y);
            }
            case 3:
            {
                var code = Parse($"{LogicMnemonics[_random.Next(LogicMnemonics.Length)]}_xmm_xmmm128");
                return fromMemory ? Instruction.Create(code, x, SseMemory(16)) : Instruction.Create(code, x, y);
            }
            case 4:
            {
                var code = Parse($"{(_random.Next(2) == 0 ? "Ucomis" : "Comis")}{suffix}_xmm_xmmm{bits}");
                return fromMemory ? Instruction.Create(code, x, SseMemory(bits / 8)) : Instruction.Create(code, x, y);
            }
            case 5:
                return SseConversion(x, y, single, fromMemory);
            default:
                return SseMove(x, y, single, fromMemory);
        }
    }

    /// <summary>CVTSI2SD/SS from r/m32 or r/m64, CVTTSD2SI/CVTTSS2SI into r32 or r64, CVTSD2SS or CVTSS2SD.</summary>
    private Instruction SseConversion(Register x, Register y, bool single, bool fromMemory)
    {
        var suffix = single ? "s" : "d";
        var integer = _random.Next(2) == 0 ? 4 : 8;
        switch (_random.Next(3))
        {
            case 0:
            {
                var code = Parse($"Cvtsi2s{suffix}_xmm_rm{integer * 8}");
                return fromMemory ? Instruction.Create(code, x, SseMemory(integer)) : Instruction.Create(code, x, Reg(integer));
            }
            case 1:
            {
                var code = Parse($"Cvtts{suffix}2si_r{integer * 8}_xmmm{(single ? 32 : 64)}");
                return fromMemory ? Instruction.Create(code, Reg(integer), SseMemory(single ? 4 : 8)) : Instruction.Create(code, Reg(integer), y);
            }
            default:
            {
                var code = single ? Iced.Intel.Code.Cvtss2sd_xmm_xmmm32 : Iced.Intel.Code.Cvtsd2ss_xmm_xmmm64;
                return fromMemory ? Instruction.Create(code, x, SseMemory(single ? 4 : 8)) : Instruction.Create(code, x, y);
            }
        }
    }

    /// <summary>MOVSD/MOVSS, the 128-bit moves, MOVQ and MOVD: loads, stores and register-to-register forms both ways.</summary>
    private Instruction SseMove(Register x, Register y, bool single, bool toMemory)
    {
        var fromMemory = _random.Next(2) == 0;
        switch (_random.Next(4))
        {
            case 0:
            {
                var (load, store, bytes) = single
                    ? (Iced.Intel.Code.Movss_xmm_xmmm32, Iced.Intel.Code.Movss_xmmm32_xmm, 4)
                    : (Iced.Intel.Code.Movsd_xmm_xmmm64, Iced.Intel.Code.Movsd_xmmm64_xmm, 8);
                return SseMoveForm(load, store, bytes, x, y, toMemory, fromMemory);
            }
            case 1:
            {
                var mnemonic = WideMoves[_random.Next(WideMoves.Length)];
                return SseMoveForm(Parse($"{mnemonic}_xmm_xmmm128"), Parse($"{mnemonic}_xmmm128_xmm"), 16, x, y, toMemory, fromMemory);
            }
            case 2:
                return SseMoveForm(Iced.Intel.Code.Movq_xmm_xmmm64, Iced.Intel.Code.Movq_xmmm64_xmm, 8, x, y, toMemory, fromMemory);
            default:
            {
                // Between an XMM register and a general register or memory.
                var quad = _random.Next(2) == 0;
                var bytes = quad ? 8 : 4;
                var (load, store) = quad ? (Iced.Intel.Code.Movq_xmm_rm64, Iced.Intel.Code.Movq_rm64_xmm) : (Iced.Intel.Code.Movd_xmm_rm32, Iced.Intel.Code.Movd_rm32_xmm);
                if (toMemory)
                    return Instruction.Create(store, SseMemory(bytes), x);
                if (fromMemory)
                    return Instruction.Create(load, x, SseMemory(bytes));
                return _random.Next(2) == 0 ? Instruction.Create(load, x, Reg(bytes)) : Instruction.Create(store, Reg(bytes), x);
            }
        }
    }

    private Instruction SseMoveForm(Iced.Intel.Code load, Iced.Intel.Code store, int bytes, Register x, Register y, bool toMemory, bool fromMemory)
    {
        if (toMemory)
            return Instruction.Create(store, SseMemory(bytes), x);
        if (fromMemory)
            return Instruction.Create(load, x, SseMemory(bytes));
        return _random.Next(2) == 0 ? Instruction.Create(load, x, y) : Instruction.Create(store, x, y);
    }

    private Register Xmm() => Register.XMM0 + _random.Next(16);

    /// <summary>
    /// A data-page operand of <paramref name="bytes"/>: mostly on a boundary of its size (16-byte forms that demand it raise
    /// #GP otherwise), now and then anywhere, or straddling into the next page.
    /// </summary>
    private MemoryOperand SseMemory(int bytes)
    {
        var displacement = _random.Next(16) switch
        {
            0 => _random.Next(4096 - bytes),
            1 => 4096 - bytes + _random.Next(1, bytes),
            _ => _random.Next(4096 / bytes) * bytes,
        };
        return new MemoryOperand(_base, Register.None, 1, displacement, 8, false, Register.None);
    }

    /// <summary>A quadword of edge values: one binary64 or two binary32 of <see cref="EdgeDouble"/> and <see cref="EdgeSingle"/>.</summary>
    private ulong EdgeQuadword() => _random.Next(2) == 0 ? EdgeDouble() : (ulong)EdgeSingle() << 32 | EdgeSingle();

    /// <summary>
    /// The bits of a zero, one, third, integer, huge or tiny value, denormal, infinity, quiet or signaling NaN or random
    /// value, of either sign (set in the bits, as host arithmetic would quiet a signaling NaN).
    /// </summary>
    private ulong EdgeDouble()
    {
        var sign = _random.Next(2) == 0 ? 0 : 1UL << 63;
        var magnitude = _random.Next(14) switch
        {
            0 => BitConverter.DoubleToUInt64Bits(0.0),
            1 => BitConverter.DoubleToUInt64Bits(1.0),
            2 => BitConverter.DoubleToUInt64Bits(1.0 / 3),
            3 => BitConverter.DoubleToUInt64Bits(_random.Next(-1000, 1000)),
            4 => BitConverter.DoubleToUInt64Bits(Math.ScaleB(1.0 + _random.NextDouble(), _random.Next(-1074, 1024))),
            5 => BitConverter.DoubleToUInt64Bits(double.Epsilon * _random.Next(1, 1 << 20)),
            6 => BitConverter.DoubleToUInt64Bits(double.MaxValue),
            7 => BitConverter.DoubleToUInt64Bits(double.PositiveInfinity),
            8 => 0x7FF8_0000_0000_0000UL | (uint)_random.Next(1 << 20),
            9 => 0x7FF0_0000_0000_0001UL | (uint)_random.Next(1 << 20),
            10 => BitConverter.DoubleToUInt64Bits(Math.ScaleB(1.0, _random.Next(29, 66)) - _random.Next(2)),
            11 => BitConverter.DoubleToUInt64Bits(2.2250738585072014E-308 * (1 + _random.Next(4))),
            _ => BitConverter.DoubleToUInt64Bits(Math.ScaleB(1.0 + _random.NextDouble(), _random.Next(-40, 40))),
        };
        return magnitude | sign;
    }

    /// <summary>The binary32 counterparts of <see cref="EdgeDouble"/>.</summary>
    private uint EdgeSingle()
    {
        var sign = _random.Next(2) == 0 ? 0 : 1u << 31;
        var magnitude = _random.Next(12) switch
        {
            0 => BitConverter.SingleToUInt32Bits(0f),
            1 => BitConverter.SingleToUInt32Bits(1f),
            2 => BitConverter.SingleToUInt32Bits(1f / 3),
            3 => BitConverter.SingleToUInt32Bits(_random.Next(-1000, 1000)),
            4 => BitConverter.SingleToUInt32Bits(MathF.ScaleB(1f + _random.NextSingle(), _random.Next(-149, 128))),
            5 => BitConverter.SingleToUInt32Bits(float.Epsilon * _random.Next(1, 1 << 10)),
            6 => BitConverter.SingleToUInt32Bits(float.MaxValue),
            7 => BitConverter.SingleToUInt32Bits(float.PositiveInfinity),
            8 => 0x7FC0_0000u | (uint)_random.Next(1 << 10),
            9 => 0x7F80_0001u | (uint)_random.Next(1 << 10),
            10 => BitConverter.SingleToUInt32Bits(MathF.ScaleB(1f, _random.Next(29, 66))),
            _ => BitConverter.SingleToUInt32Bits(MathF.ScaleB(1f + _random.NextSingle(), _random.Next(-20, 20))),
        };
        return magnitude | sign;
    }
}
