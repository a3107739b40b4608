using System;
using System.Runtime.InteropServices;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>FOP, the last non-control instruction's opcode (SDM vol. 1 8.1.9), as FNSAVE stores it: by the SDM's encoding, and the host's.</summary>
public sealed class X87OpcodeTests
{
    /// <summary>FOP in the FNSAVE image the differential epilogue writes (32-bit layout: bits 26:16 of its fifth doubleword).</summary>
    internal static int Fop(HostFpuBlock block) =>
        MemoryMarshal.Read<ushort>(MemoryMarshal.AsBytes(new Span<HostFpuBlock>(ref block))[(HostFpuBlock.SaveAreaOffset + 18)..]) & 0x7FF;

    public static TheoryData<string, int> Forms => new()
    {
        { "fchs", 0x1E0 },                        // D9 E0: r/m fixed by the opcode
        { "fadd st0, st3", 0x0C3 },               // D8 C3
        { "faddp st1, st0", 0x6C1 },              // DE C1
        { "fxch st2", 0x1CA },                    // D9 CA
        { "fadd dword [rdi]", 0x007 },            // D8 07
        { "fmul qword [rdi+0x10]", 0x44F },       // DC 4F 10
        { "fsub qword [rdi+0x90]", 0x4A7 },       // DC A7 90 00 00 00
        { "fiadd dword [rdi+rsi*4+0x40]", 0x244 },// DA 44 B7 40
        { "fld dword [rsp-8]", 0x144 },           // D9 44 24 F8
        { "fstp st1 after fnstcw", 0x5D9 },       // DD D9; FNSTCW, a control instruction, keeps it
    };

    private static void Emit(Assembler a, string form)
    {
        switch (form)
        {
            case "fchs": a.fchs(); break;
            case "fadd st0, st3": a.fadd(st0, st3); break;
            case "faddp st1, st0": a.faddp(st1, st0); break;
            case "fxch st2": a.fxch(st0, st2); break;
            case "fadd dword [rdi]": a.fadd(__dword_ptr[rdi]); break;
            case "fmul qword [rdi+0x10]": a.fmul(__qword_ptr[rdi + 0x10]); break;
            case "fsub qword [rdi+0x90]": a.fsub(__qword_ptr[rdi + 0x90]); break;
            case "fiadd dword [rdi+rsi*4+0x40]":
                a.xor(esi, esi);
                a.fiadd(__dword_ptr[rdi + rsi * 4 + 0x40]);
                break;
            case "fld dword [rsp-8]": a.fld(__dword_ptr[rsp - 8]); break;
            default:
                a.fstp(st1);
                a.fnstcw(__word_ptr[rdi + HostFpuBlock.ControlWordOffset]);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Fnsave_stores_the_escape_bits_and_modrm_of_the_last_non_control_instruction(string form, int expected)
    {
        var block = HostFpuBlock.Create();
        block.A = HostFpuBlock.FromExtended(new(0x3FFF, 0x8000_0000_0000_0000));
        block.B = block.A;

        var guest = X87Differential.Guest(a => Emit(a, form), block);

        Assert.Equal(expected.ToString("X3"), Fop(guest).ToString("X3"));
        if (HostFpu.Available)
            Assert.Equal(Fop(X87Differential.Host(a => Emit(a, form), block)).ToString("X3"), Fop(guest).ToString("X3"));
    }
}
