using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>ADD, ADC, SUB, SBB, CMP, AND, OR, XOR, TEST, INC, DEC and NEG against the host, in every operand size.</summary>
public class ArithmeticLogicDifferentialTests
{
    public static TheoryData<Code> TwoOperandForms => new()
    {
        Code.Add_rm8_r8, Code.Add_rm16_r16, Code.Add_rm32_r32, Code.Add_rm64_r64,
        Code.Adc_rm8_r8, Code.Adc_rm16_r16, Code.Adc_rm32_r32, Code.Adc_rm64_r64,
        Code.Sub_rm8_r8, Code.Sub_rm16_r16, Code.Sub_rm32_r32, Code.Sub_rm64_r64,
        Code.Sbb_rm8_r8, Code.Sbb_rm16_r16, Code.Sbb_rm32_r32, Code.Sbb_rm64_r64,
        Code.Cmp_rm8_r8, Code.Cmp_rm16_r16, Code.Cmp_rm32_r32, Code.Cmp_rm64_r64,
        Code.And_rm8_r8, Code.And_rm16_r16, Code.And_rm32_r32, Code.And_rm64_r64,
        Code.Or_rm8_r8, Code.Or_rm16_r16, Code.Or_rm32_r32, Code.Or_rm64_r64,
        Code.Xor_rm8_r8, Code.Xor_rm16_r16, Code.Xor_rm32_r32, Code.Xor_rm64_r64,
        Code.Test_rm8_r8, Code.Test_rm16_r16, Code.Test_rm32_r32, Code.Test_rm64_r64,
    };

    public static TheoryData<Code> OneOperandForms => new()
    {
        Code.Inc_rm8, Code.Inc_rm16, Code.Inc_rm32, Code.Inc_rm64,
        Code.Dec_rm8, Code.Dec_rm16, Code.Dec_rm32, Code.Dec_rm64,
        Code.Neg_rm8, Code.Neg_rm16, Code.Neg_rm32, Code.Neg_rm64,
    };

    [Theory]
    [MemberData(nameof(TwoOperandForms))]
    public void Two_operand_form_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), Registers.B(size));
        Differential.Check(instruction, o => new CpuState
        {
            Rax = o.Operand(size, o.Register()), Rbx = o.Operand(size, o.Register()),
            Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            ulong a = s.Rax & Registers.Mask(size), b = s.Rbx & Registers.Mask(size);
            ulong result = instruction.Mnemonic switch
            {
                Mnemonic.Add => Alu.Add(size, a, b, ref s.Flags),
                Mnemonic.Adc => Alu.Adc(size, a, b, ref s.Flags),
                Mnemonic.Sub or Mnemonic.Cmp => Alu.Sub(size, a, b, ref s.Flags),
                Mnemonic.Sbb => Alu.Sbb(size, a, b, ref s.Flags),
                Mnemonic.And or Mnemonic.Test => Alu.And(size, a, b, ref s.Flags),
                Mnemonic.Or => Alu.Or(size, a, b, ref s.Flags),
                _ => Alu.Xor(size, a, b, ref s.Flags),
            };
            if (instruction.Mnemonic is not (Mnemonic.Cmp or Mnemonic.Test))
                CpuState.Write(ref s.Rax, size, result);
            return default;
        });
    }

    [Theory]
    [MemberData(nameof(OneOperandForms))]
    public void One_operand_form_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size));
        Differential.Check(instruction, o => new CpuState
        {
            Rax = o.Operand(size, o.Register()), Rbx = o.Register(), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            ulong a = s.Rax & Registers.Mask(size);
            ulong result = instruction.Mnemonic switch
            {
                Mnemonic.Inc => Alu.Inc(size, a, ref s.Flags),
                Mnemonic.Dec => Alu.Dec(size, a, ref s.Flags),
                _ => Alu.Neg(size, a, ref s.Flags),
            };
            CpuState.Write(ref s.Rax, size, result);
            return default;
        });
    }
}
