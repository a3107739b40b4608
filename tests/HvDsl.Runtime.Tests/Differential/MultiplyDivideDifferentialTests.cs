using System.Numerics;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>MUL, IMUL (one, two and three operands), DIV and IDIV against the host; #DE cases never run natively.</summary>
public class MultiplyDivideDifferentialTests
{
    public static TheoryData<Code> OneOperandForms => new()
    {
        Code.Mul_rm8, Code.Mul_rm16, Code.Mul_rm32, Code.Mul_rm64,
        Code.Imul_rm8, Code.Imul_rm16, Code.Imul_rm32, Code.Imul_rm64,
        Code.Div_rm8, Code.Div_rm16, Code.Div_rm32, Code.Div_rm64,
        Code.Idiv_rm8, Code.Idiv_rm16, Code.Idiv_rm32, Code.Idiv_rm64,
    };

    public static TheoryData<Code> TwoOperandForms => new() { Code.Imul_r16_rm16, Code.Imul_r32_rm32, Code.Imul_r64_rm64 };

    public static TheoryData<Code, int> ThreeOperandForms => new()
    {
        { Code.Imul_r16_rm16_imm8, -3 }, { Code.Imul_r16_rm16_imm16, 0x7FF1 },
        { Code.Imul_r32_rm32_imm8, 0x7F }, { Code.Imul_r32_rm32_imm32, -0x12345 },
        { Code.Imul_r64_rm64_imm8, -128 }, { Code.Imul_r64_rm64_imm32, 0x3456_789A },
    };

    [Theory]
    [MemberData(nameof(OneOperandForms))]
    public void Accumulator_form_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.B(size));
        Mnemonic mnemonic = instruction.Mnemonic;
        Differential.Check(instruction, o => new CpuState
        {
            // For size 1 the dividend is AX, so AH gets an operand of its own.
            Rax = size == 1 ? o.Operand(1, o.Register()) & ~0xFF00UL | o.Value(1) << 8 : o.Operand(size, o.Register()),
            Rdx = o.Operand(size, o.Register()), Rbx = o.Operand(size, o.Register()), Rcx = o.Register(), Flags = o.Flags(),
        }, Emulate, mnemonic is Mnemonic.Div or Mnemonic.Idiv ? s => HostFaults(mnemonic, size, s) : null);

        Outcome Emulate(ref CpuState s)
        {
            ulong mask = Registers.Mask(size);
            ulong low = size == 1 ? s.Rax & 0xFF : s.Rax & mask;
            ulong high = size == 1 ? (s.Rax >> 8) & 0xFF : s.Rdx & mask;
            ulong b = s.Rbx & mask;
            ulong first, second;
            switch (mnemonic)
            {
                case Mnemonic.Mul:
                    first = Alu.Mul(size, low, b, out second, ref s.Flags);
                    break;
                case Mnemonic.Imul:
                    first = Alu.Imul(size, low, b, out second, ref s.Flags);
                    break;
                default:
                    bool ok = mnemonic == Mnemonic.Div
                        ? Alu.Div(size, high, low, b, out first, out second)
                        : Alu.Idiv(size, high, low, b, out first, out second);
                    if (!ok)
                        return new Outcome(DivideError: true);
                    break;
            }
            if (size == 1)
            {
                CpuState.Write(ref s.Rax, 2, second << 8 | first);
            }
            else
            {
                CpuState.Write(ref s.Rax, size, first);
                CpuState.Write(ref s.Rdx, size, second);
            }
            return default;
        }
    }

    [Theory]
    [MemberData(nameof(TwoOperandForms))]
    public void Two_operand_imul_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        Check(Instruction.Create(code, Registers.A(size), Registers.B(size)), size, s => s.Rax);
    }

    [Theory]
    [MemberData(nameof(ThreeOperandForms))]
    public void Three_operand_imul_matches_the_host(Code code, int immediate)
    {
        int size = Registers.OperandSize(code);
        Check(Instruction.Create(code, Registers.A(size), Registers.B(size), immediate), size, s => s.Rbx, (ulong)immediate);
    }

    /// <summary>The truncating forms: RAX = low half of <paramref name="a"/>(state) × (immediate or RBX).</summary>
    private static void Check(Instruction instruction, int size, System.Func<CpuState, ulong> a, ulong? immediate = null)
    {
        Differential.Check(instruction, o => new CpuState
        {
            Rax = o.Operand(size, o.Register()), Rbx = o.Operand(size, o.Register()), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            ulong mask = Registers.Mask(size);
            ulong b = immediate.HasValue ? immediate.Value & mask : s.Rbx & mask;
            CpuState.Write(ref s.Rax, size, Alu.Imul(size, a(s) & mask, b, out _, ref s.Flags));
            return default;
        });
    }

    /// <summary>Whether the host would raise #DE, computed with big integers so it owes nothing to the Alu.</summary>
    private static bool HostFaults(Mnemonic mnemonic, int size, CpuState s)
    {
        int bits = size * 8;
        ulong mask = Registers.Mask(size);
        BigInteger dividend = size == 1
            ? s.Rax & 0xFFFF
            : (new BigInteger(s.Rdx & mask) << bits) | (s.Rax & mask);
        BigInteger divisor = s.Rbx & mask;
        if (mnemonic == Mnemonic.Idiv)
        {
            dividend = Signed(dividend, 2 * bits);
            divisor = Signed(divisor, bits);
        }
        if (divisor.IsZero)
            return true;
        BigInteger quotient = BigInteger.Divide(dividend, divisor);
        return mnemonic == Mnemonic.Idiv
            ? quotient < -(BigInteger.One << (bits - 1)) || quotient >= BigInteger.One << (bits - 1)
            : quotient >= BigInteger.One << bits;
    }

    private static BigInteger Signed(BigInteger value, int bits) =>
        value >= BigInteger.One << (bits - 1) ? value - (BigInteger.One << bits) : value;
}
