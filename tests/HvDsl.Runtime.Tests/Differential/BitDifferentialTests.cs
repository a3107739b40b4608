using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>BT, BTS, BTR, BTC, BSF, BSR, POPCNT, LZCNT and BSWAP against the host (TZCNT runs as BSF: RepBsfTests).</summary>
public class BitDifferentialTests
{
    public static TheoryData<Code> BitTestForms => new()
    {
        Code.Bt_rm16_r16, Code.Bt_rm32_r32, Code.Bt_rm64_r64,
        Code.Bts_rm16_r16, Code.Bts_rm32_r32, Code.Bts_rm64_r64,
        Code.Btr_rm16_r16, Code.Btr_rm32_r32, Code.Btr_rm64_r64,
        Code.Btc_rm16_r16, Code.Btc_rm32_r32, Code.Btc_rm64_r64,
    };

    /// <summary>
    /// BSF and BSR, and POPCNT and LZCNT where the host implements them (CPUID); without
    /// them those encodings mean something else, so their rows are left out rather than passed.
    /// </summary>
    public static TheoryData<Code> ScanAndCountForms()
    {
        var data = new TheoryData<Code>
        {
            Code.Bsf_r16_rm16, Code.Bsf_r32_rm32, Code.Bsf_r64_rm64,
            Code.Bsr_r16_rm16, Code.Bsr_r32_rm32, Code.Bsr_r64_rm64,
        };
        if (HostFeatures.Popcnt)
            data.AddRange(Code.Popcnt_r16_rm16, Code.Popcnt_r32_rm32, Code.Popcnt_r64_rm64);
        if (HostFeatures.Lzcnt)
            data.AddRange(Code.Lzcnt_r16_rm16, Code.Lzcnt_r32_rm32, Code.Lzcnt_r64_rm64);
        return data;
    }

    [Theory]
    [MemberData(nameof(BitTestForms))]
    public void Bit_test_form_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), Registers.B(size));
        Differential.Check(instruction, o => new CpuState
        {
            Rax = o.Operand(size, o.Register()), Rbx = o.Count(size, o.Register()), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            ulong value = s.Rax & Registers.Mask(size), offset = s.Rbx & Registers.Mask(size);
            ulong result = instruction.Mnemonic switch
            {
                Mnemonic.Bt => Alu.Bt(size, value, offset, ref s.Flags),
                Mnemonic.Bts => Alu.Bts(size, value, offset, ref s.Flags),
                Mnemonic.Btr => Alu.Btr(size, value, offset, ref s.Flags),
                _ => Alu.Btc(size, value, offset, ref s.Flags),
            };
            if (instruction.Mnemonic != Mnemonic.Bt)
                CpuState.Write(ref s.Rax, size, result);
            return default;
        });
    }

    [Theory]
    [MemberData(nameof(ScanAndCountForms))]
    public void Scan_or_count_form_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        var instruction = Instruction.Create(code, Registers.A(size), Registers.B(size));
        Differential.Check(instruction, o => new CpuState
        {
            Rax = o.Register(), Rbx = o.Operand(size, o.Register()), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            ulong src = s.Rbx & Registers.Mask(size), old = s.Rax & Registers.Mask(size);
            ulong result = instruction.Mnemonic switch
            {
                Mnemonic.Bsf => Alu.Bsf(size, src, old, ref s.Flags),
                Mnemonic.Bsr => Alu.Bsr(size, src, old, ref s.Flags),
                Mnemonic.Popcnt => Alu.Popcnt(size, src, ref s.Flags),
                _ => Alu.Lzcnt(size, src, ref s.Flags),
            };
            // BSF/BSR with a zero source leave the whole register alone, even at 32 bits.
            if (!(src == 0 && instruction.Mnemonic is Mnemonic.Bsf or Mnemonic.Bsr))
                CpuState.Write(ref s.Rax, size, result);
            return default;
        });
    }

    [Theory]
    [InlineData(Code.Bswap_r32)]
    [InlineData(Code.Bswap_r64)]
    public void Bswap_matches_the_host(Code code)
    {
        int size = Registers.OperandSize(code);
        Differential.Check(Instruction.Create(code, Registers.A(size)), o => new CpuState
        {
            Rax = o.Register(), Rbx = o.Register(), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            CpuState.Write(ref s.Rax, size, Alu.Bswap(size, s.Rax & Registers.Mask(size)));
            return default;
        });
    }
}
