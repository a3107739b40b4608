using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>SHL, SHR, SAR, ROL, ROR, RCL, RCR (by CL and by 1), SHLD and SHRD against the host.</summary>
public class ShiftRotateDifferentialTests
{
    public static TheoryData<Code> ByClForms => Forms("CL");

    public static TheoryData<Code> ByOneForms => Forms("1");

    public static TheoryData<Code> DoubleForms => new()
    {
        Code.Shld_rm16_r16_CL, Code.Shld_rm32_r32_CL, Code.Shld_rm64_r64_CL,
        Code.Shrd_rm16_r16_CL, Code.Shrd_rm32_r32_CL, Code.Shrd_rm64_r64_CL,
    };

    [Theory]
    [MemberData(nameof(ByClForms))]
    public void Shift_or_rotate_by_cl_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), Register.CL);
        Differential.Check(instruction, o => Input(o, size), (ref CpuState s) =>
        {
            ulong result = Emulate(instruction.Mnemonic, size, s.Rax & Registers.Mask(size), s.Rcx & 0xFF, ref s.Flags);
            CpuState.Write(ref s.Rax, size, result);
            return new Outcome(FlagsUnchanged: MaskedCount(size, s.Rcx) == 0);
        });
    }

    [Theory]
    [MemberData(nameof(ByOneForms))]
    public void Shift_or_rotate_by_one_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), 1);
        Differential.Check(instruction, o => Input(o, size), (ref CpuState s) =>
        {
            CpuState.Write(ref s.Rax, size, Emulate(instruction.Mnemonic, size, s.Rax & Registers.Mask(size), 1, ref s.Flags));
            return default;
        });
    }

    [Theory]
    [MemberData(nameof(DoubleForms))]
    public void Double_precision_shift_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), Registers.B(size), Register.CL);
        Differential.Check(instruction, o => Input(o, size), (ref CpuState s) =>
        {
            ulong dst = s.Rax & Registers.Mask(size), src = s.Rbx & Registers.Mask(size);
            ulong result = instruction.Mnemonic == Mnemonic.Shld
                ? Alu.Shld(size, dst, src, s.Rcx & 0xFF, ref s.Flags)
                : Alu.Shrd(size, dst, src, s.Rcx & 0xFF, ref s.Flags);
            CpuState.Write(ref s.Rax, size, result);
            int count = MaskedCount(size, s.Rcx);
            // A count above the operand width (only possible for 16-bit operands) leaves result and flags undefined.
            return new Outcome(FlagsUnchanged: count == 0, ResultUndefined: count > size * 8);
        });
    }

    private static CpuState Input(Operands o, int size) => new()
    {
        Rax = o.Operand(size, o.Register()), Rbx = o.Operand(size, o.Register()),
        Rcx = o.Count(size, o.Register()), Rdx = o.Register(), Flags = o.Flags(),
    };

    private static int MaskedCount(int size, ulong rcx) => (int)rcx & (size == 8 ? 63 : 31);

    private static ulong Emulate(Mnemonic mnemonic, int size, ulong a, ulong count, ref ulong flags) => mnemonic switch
    {
        Mnemonic.Shl => Alu.Shl(size, a, count, ref flags),
        Mnemonic.Shr => Alu.Shr(size, a, count, ref flags),
        Mnemonic.Sar => Alu.Sar(size, a, count, ref flags),
        Mnemonic.Rol => Alu.Rol(size, a, count, ref flags),
        Mnemonic.Ror => Alu.Ror(size, a, count, ref flags),
        Mnemonic.Rcl => Alu.Rcl(size, a, count, ref flags),
        _ => Alu.Rcr(size, a, count, ref flags),
    };

    /// <summary>Every shift and rotate in every size with the count operand named <paramref name="count"/> (CL or 1).</summary>
    private static TheoryData<Code> Forms(string count)
    {
        var data = new TheoryData<Code>();
        foreach (string name in new[] { "Shl", "Shr", "Sar", "Rol", "Ror", "Rcl", "Rcr" })
            foreach (int bits in new[] { 8, 16, 32, 64 })
                data.Add(System.Enum.Parse<Code>($"{name}_rm{bits}_{count}"));
        return data;
    }
}
