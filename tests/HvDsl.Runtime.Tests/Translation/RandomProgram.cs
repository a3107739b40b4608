using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// A seeded random program of integer instructions (the translator's kinds and some it leaves to the interpreter, with
/// forward conditional jumps between them; or, <c>straight</c>, only the translator's kinds, so the whole loop is one
/// block branching to itself) inside a counted loop, with its registers and data page: the same seed always builds the same VM.
/// </summary>
internal sealed partial class RandomProgram
{
    /// <summary>Where the data page the memory operands address lives (its base register holds this).</summary>
    public const ulong Data = 0x200000;

    private static readonly string[] AluMnemonics = ["Add", "Or", "Adc", "Sbb", "And", "Sub", "Xor", "Cmp"];
    private static readonly string[] OtherMnemonics = ["Shl", "Shr", "Sar", "Rol", "Neg", "Not", "Imul", "Movzx", "Sete", "Setb", "Cmovne", "Xchg", "Bsf", "Bt"];

    private readonly Random _random;
    private readonly bool _long;
    private readonly int[] _pool;
    private readonly Register _base, _counter;
    private readonly List<string> _listing = [];

    private readonly bool _straight;

    /// <summary>The stack segment a 32-bit program runs on: flat, based, 16-bit with SP about to wrap, or 32-bit with ESP about to wrap.</summary>
    private enum StackSetup { Flat, Based, Wrap16, Wrap32 }

    private readonly StackSetup _stack;

    /// <summary>
    /// A random program; with <paramref name="sse"/> (long mode) two in three instructions are SSE and SSE2 forms over
    /// preset XMM registers, a data page of edge values and a random MXCSR (RandomProgram.Sse.cs).
    /// </summary>
    public RandomProgram(int seed, bool long64, int length, bool straight = false, bool sse = false)
    {
        _straight = straight;
        _sse = sse;
        _stack = long64 ? StackSetup.Flat : (StackSetup)((seed >> 1) % 4);
        _random = new Random(seed);
        _long = long64;
        // RBX holds the data page, RSP the stack and the last register the loop count: random instructions write the rest.
        _pool = long64 ? [0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] : [0, 1, 2, 6, 7];
        _base = long64 ? Register.RBX : Register.EBX;
        _counter = long64 ? Register.R15 : Register.EBP;
        Length = length;
        Values = new ulong[16];
        for (var i = 0; i < Values.Length; i++)
            Values[i] = Interesting();
        DataBytes = new byte[8192];
        _random.NextBytes(DataBytes);
        Iterations = (ulong)_random.Next(1, 5);
        Budget = _random.Next(4) == 0 ? (ulong)_random.Next(1, length * 5) : 100_000;
        if (sse)
            PrepareSse();
        Code = Guest.Assemble(long64 ? 64 : 32, Guest.Code, Write);
    }

    public int Length { get; }
    public byte[] Code { get; }
    public ulong[] Values { get; }
    public byte[] DataBytes { get; }
    public ulong Iterations { get; }

    /// <summary>Gives SS and ESP the program's <see cref="StackSetup"/>; each keeps the stack's bytes within guest memory.</summary>
    private void SetUpStack(VCpu cpu)
    {
        var selector = cpu.GetSegment(Register.SS).Selector;
        var (@base, limit, attributes, esp) = _stack switch
        {
            StackSetup.Based => (0x1000UL, 0xFFFFFFFFu, SegmentRegister.FlatData, Guest.Stack - 0x1000),
            StackSetup.Wrap16 => (0x70000UL, 0xFFFFu, SegmentRegister.RealMode, 0xFFFF_0008UL),
            StackSetup.Wrap32 => (Guest.Stack, 0xFFFFFFFFu, SegmentRegister.FlatData, 8UL),
            _ => (0UL, 0u, 0u, 0UL),
        };
        if (_stack == StackSetup.Flat)
            return;
        cpu.SetSegment(Register.SS, new SegmentRegister(selector, @base, limit, attributes));
        // Wrap16's upper ESP bits stay as they are: a 16-bit stack moves SP alone.
        cpu.SetRegister(Register.ESP, esp);
    }

    /// <summary>The run's instruction budget: usually enough to finish, sometimes a cut anywhere in the loop.</summary>
    public ulong Budget { get; }

    /// <summary>The program as generated, one instruction a line, for a failure message.</summary>
    public string Listing => string.Join(Environment.NewLine, _listing);

    /// <summary>The guest RAM a program's VM has.</summary>
    public const int MemoryBytes = 4 << 20;

    /// <summary>
    /// HLT bytes for the RAM outside the boot area and the stack's pages (the wrapping stacks' too): a jump out of the
    /// program (a RET to a random address) halts where it lands instead of running megabytes of zeros, one new
    /// translation per 64 instructions.
    /// </summary>
    private static readonly byte[] Halts = Enumerable.Repeat((byte)0xF4, MemoryBytes - (int)Guest.Code).ToArray();

    /// <summary>Where the boot area's GDT, TSS and page tables end.</summary>
    private static readonly int BootEnd = (int)(Guest.BootArea + GuestBoot.BootAreaSize(MemoryBytes));

    /// <summary>From here to a page above Guest.Stack the stacks stay zero: the 16-bit stack wraps at 0x7FFF8, the others start at <see cref="Guest.Stack"/>.</summary>
    private const int StackPages = 0x70000;

    /// <summary>A VM in the program's mode at its first instruction, translating (from a block's first run) or not.</summary>
    public Vm Boot(bool translate) => Boot(Vm.WithMemory(MemoryBytes >> 20), translate);

    /// <summary><paramref name="vm"/>, newly built or in a new VM's state (<see cref="ReusedVms"/>), booted into the program.</summary>
    public Vm Boot(Vm vm, bool translate)
    {
        vm.Memory.Load(0, Halts.AsSpan(0, (int)Guest.BootArea));
        vm.Memory.Load((ulong)BootEnd, Halts.AsSpan(0, StackPages - BootEnd));
        vm.Memory.Load(Guest.Stack + 0x1000, Halts.AsSpan(0, (int)Guest.Code - (int)Guest.Stack - 0x1000));
        vm.Memory.Load(Guest.Code, Halts);
        vm.Memory.Load(Guest.Code, Code);
        vm.Memory.Load(Data, DataBytes);
        if (_long)
            GuestBoot.Long(vm, Guest.BootArea, Guest.Code, Guest.Stack);
        else
            GuestBoot.Protected(vm, Guest.BootArea, Guest.Code, Guest.Stack);
        foreach (var index in _pool)
            vm.Cpu.SetRegister(Gpr(index, _long ? 8 : 4), Values[index]);
        vm.Cpu.SetRegister(_base, Data);
        vm.Cpu.SetRegister(_counter, Iterations);
        vm.Cpu.RFlags = Values[15] & 0x8D5;
        SetUpStack(vm.Cpu);
        vm.Cpu.Idtr = new DescriptorTableRegister(0, 0);
        vm.Translate = translate;
        vm.TranslationThreshold = 1;
        if (_sse)
            BootSse(vm);
        return vm;
    }

    private void Write(Assembler a)
    {
        var labels = new Label?[Length + 1];
        var top = a.CreateLabel();
        a.Label(ref top);
        for (var i = 0; i < Length; i++)
        {
            if (labels[i] is { } here)
                a.Label(ref here);
            if (!_straight && _random.Next(8) == 0)
            {
                var target = Math.Min(Length, i + 1 + _random.Next(3));
                var label = labels[target] ??= a.CreateLabel();
                var cc = _random.Next(16);
                Jump(a, cc, label);
                _listing.Add($"jcc {cc} -> {target}");
                continue;
            }
            if (!_straight && _random.Next(12) == 0)
            {
                Subroutine(a);
                continue;
            }
            var instruction = Next();
            _listing.Add(instruction.ToString());
            a.AddInstruction(instruction);
        }
        if (labels[Length] is { } end)
            a.Label(ref end);
        if (_long)
            a.dec(AssemblerRegisters.r15);
        else
            a.dec(AssemblerRegisters.ebp);
        a.jne(top);
        a.hlt();
    }

    /// <summary>
    /// <c>[push imm] call sub; jmp after; sub: one to three instructions; ret [8]; after:</c>, the pushed argument released
    /// by the RET that pops it.
    /// </summary>
    private void Subroutine(Assembler a)
    {
        var sub = a.CreateLabel();
        var after = a.CreateLabel();
        var argument = _random.Next(2) == 0;
        if (argument)
            Add(a, Instruction.Create(_long ? Iced.Intel.Code.Pushq_imm32 : Iced.Intel.Code.Pushd_imm32, Immediate(4)));
        a.call(sub);
        a.jmp(after);
        a.Label(ref sub);
        _listing.Add("call sub; jmp after; sub:");
        for (var n = _random.Next(1, 4); n > 0; n--)
            Add(a, Next());
        if (argument)
            a.ret((short)(_long ? 8 : 4));
        else
            a.ret();
        a.Label(ref after);
        // An instruction of its own for the label, which the next position's label may not share.
        a.nop();
        _listing.Add(argument ? "ret imm; after: nop" : "ret; after: nop");
    }

    private void Add(Assembler a, Instruction instruction)
    {
        _listing.Add(instruction.ToString());
        a.AddInstruction(instruction);
    }

    private Instruction Next()
    {
        if (_sse && _random.Next(3) != 0)
            return Sse();
        var size = _long ? 1 << _random.Next(4) : 1 << _random.Next(3);
        var bits = size * 8;
        // Straight loops take the integer forms the translator emits and, in long mode, PUSH and POP.
        switch (_random.Next(_straight ? 9 : 13))
        {
            case 0:
            case 1:
            {
                var mnemonic = AluMnemonics[_random.Next(AluMnemonics.Length)];
                return _random.Next(5) switch
                {
                    0 => Instruction.Create(Parse($"{mnemonic}_rm{bits}_r{bits}"), Reg(size), Reg(size)),
                    1 => Instruction.Create(Parse($"{mnemonic}_rm{bits}_r{bits}"), Memory(), Reg(size)),
                    2 => Instruction.Create(Parse($"{mnemonic}_r{bits}_rm{bits}"), Reg(size), Memory()),
                    3 => Instruction.Create(Parse($"{mnemonic}_rm{bits}_imm{Math.Min(bits, 32)}"), Reg(size), Immediate(size)),
                    _ => Instruction.Create(Parse($"{mnemonic}_rm{bits}_imm{Math.Min(bits, 32)}"), Memory(), Immediate(size)),
                };
            }
            case 2:
                return _random.Next(3) switch
                {
                    0 => Instruction.Create(Parse($"Test_rm{bits}_r{bits}"), Reg(size), Reg(size)),
                    1 => Instruction.Create(Parse($"Test_rm{bits}_r{bits}"), Memory(), Reg(size)),
                    _ => Instruction.Create(Parse($"Test_rm{bits}_imm{Math.Min(bits, 32)}"), Reg(size), Immediate(size)),
                };
            case 3:
            case 4:
                return _random.Next(5) switch
                {
                    0 => Instruction.Create(Parse($"Mov_rm{bits}_r{bits}"), Reg(size), Reg(size)),
                    1 => Instruction.Create(Parse($"Mov_rm{bits}_r{bits}"), Memory(), Reg(size)),
                    2 => Instruction.Create(Parse($"Mov_r{bits}_rm{bits}"), Reg(size), Memory()),
                    3 => size == 8
                        ? Instruction.Create(Iced.Intel.Code.Mov_r64_imm64, Reg(8), Interesting())
                        : Instruction.Create(Parse($"Mov_r{bits}_imm{bits}"), Reg(size), Immediate(size)),
                    _ => Instruction.Create(Parse($"Mov_rm{bits}_imm{Math.Min(bits, 32)}"), Memory(), Immediate(size)),
                };
            case 5:
            {
                var code = Parse($"{(_random.Next(2) == 0 ? "Inc" : "Dec")}_rm{bits}");
                return _random.Next(4) == 0 ? Instruction.Create(code, Memory()) : Instruction.Create(code, Reg(size));
            }
            case 7 or 8 when _straight && !_long:
            case 8 when _straight:
            case 12:
                return Integer(size);
            case 6 when _straight && _random.Next(2) == 0:
                return Instruction.Create(Parse($"Mov_rm{bits}_r{bits}"), Memory(anyIndex: true), Reg(size));
            case 6:
            {
                var leaSize = Math.Max(size, 2);
                return Instruction.Create(Parse($"Lea_r{leaSize * 8}_m"), Reg(leaSize), Memory(anyIndex: true));
            }
            case 7:
                return _random.Next(8) switch
                {
                    0 => Instruction.Create(_long ? Iced.Intel.Code.Pushq_imm32 : Iced.Intel.Code.Pushd_imm32, Immediate(4)),
                    1 => Instruction.Create(_long ? Iced.Intel.Code.Pushq_imm8 : Iced.Intel.Code.Pushd_imm8, _random.Next(-128, 128)),
                    // Now and then RSP itself, which PUSH reads before and POP writes after its own change.
                    2 when _random.Next(4) == 0 => Instruction.Create(_long ? Iced.Intel.Code.Pop_r64 : Iced.Intel.Code.Pop_r32, _long ? Register.RSP : Register.ESP),
                    3 => Instruction.Create(_long ? Iced.Intel.Code.Push_r64 : Iced.Intel.Code.Push_r32, _long ? Register.RSP : Register.ESP),
                    < 5 => Instruction.Create(_long ? Iced.Intel.Code.Pop_r64 : Iced.Intel.Code.Pop_r32, Reg(_long ? 8 : 4)),
                    _ => Instruction.Create(_long ? Iced.Intel.Code.Push_r64 : Iced.Intel.Code.Push_r32, Reg(_long ? 8 : 4)),
                };
            case 8:
                // A memory operand anywhere a random register points: mostly a fault or an exit, now and then RAM or code.
                return Instruction.Create(Parse($"Mov_rm{bits}_r{bits}"), Memory(anyIndex: true), Reg(size));
            default:
                return Other(size);
        }
    }

    /// <summary>
    /// An integer instruction the translator emits from its Iced form: MOVZX, MOVSX, MOVSXD, a shift by an immediate, 1 or
    /// CL, IMUL of two or three operands, SETcc or CMOVcc, from a register (AH-DH too, in 32-bit mode) or memory.
    /// </summary>
    private Instruction Integer(int size)
    {
        var wide = Math.Max(size, 2);
        var bits = wide * 8;
        var cc = Conditions[_random.Next(Conditions.Length)];
        switch (_random.Next(8))
        {
            case 0:
            case 1:
            {
                var from = _random.Next(2) == 0 ? 8 : 16;
                var to = from == 16 ? Math.Max(bits, 32) : bits;
                if (_long && _random.Next(4) == 0)
                    return FromRegisterOrMemory(Iced.Intel.Code.Movsxd_r64_rm32, Reg(8), 4);
                var code = Parse($"{(_random.Next(2) == 0 ? "Movsx" : "Movzx")}_r{to}_rm{from}");
                return _random.Next(2) == 0 ? Instruction.Create(code, Reg(to / 8), Memory()) : Instruction.Create(code, Reg(to / 8), Reg(from / 8));
            }
            case 2:
            case 3:
            {
                var shift = ShiftMnemonics[_random.Next(ShiftMnemonics.Length)];
                return _random.Next(3) switch
                {
                    0 => Instruction.Create(Parse($"{shift}_rm{size * 8}_imm8"), Reg(size), _random.Next(70)),
                    1 => Instruction.Create(Parse($"{shift}_rm{size * 8}_1"), Reg(size), 1),
                    _ => Instruction.Create(Parse($"{shift}_rm{size * 8}_CL"), Reg(size), Register.CL),
                };
            }
            case 4:
                return _random.Next(2) == 0
                    ? FromRegisterOrMemory(Parse($"Imul_r{bits}_rm{bits}"), Reg(wide), wide)
                    : _random.Next(2) == 0
                        ? Instruction.Create(Parse($"Imul_r{bits}_rm{bits}_imm8"), Reg(wide), Reg(wide), _random.Next(-128, 128))
                        : Instruction.Create(Parse($"Imul_r{bits}_rm{bits}_imm{Math.Min(bits, 32)}"), Reg(wide), Memory(), Immediate(wide));
            case 5:
                // A byte register at bit 0 (SETcc to AH-DH stays with the interpreter).
                return Instruction.Create(Parse($"Set{cc}_rm8"), _long ? Reg(1) : Register.AL + _random.Next(3));
            default:
                return FromRegisterOrMemory(Parse($"Cmov{cc}_r{bits}_rm{bits}"), Reg(wide), wide);
        }
    }

    /// <summary><paramref name="code"/> into <paramref name="destination"/> from a random register of <paramref name="size"/> bytes or a data-page operand.</summary>
    private Instruction FromRegisterOrMemory(Iced.Intel.Code code, Register destination, int size) =>
        _random.Next(2) == 0 ? Instruction.Create(code, destination, Memory()) : Instruction.Create(code, destination, Reg(size));

    private static readonly string[] ShiftMnemonics = ["Shl", "Sal", "Shr", "Sar"];
    private static readonly string[] Conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];

    /// <summary>An instruction the translator leaves to the interpreter.</summary>
    private Instruction Other(int size)
    {
        var wide = Math.Max(size, 2);
        var bits = wide * 8;
        return OtherMnemonics[_random.Next(OtherMnemonics.Length)] switch
        {
            "Shl" => Instruction.Create(Parse($"Shl_rm{size * 8}_imm8"), Reg(size), _random.Next(70)),
            "Shr" => Instruction.Create(Parse($"Shr_rm{size * 8}_CL"), Reg(size), Register.CL),
            "Sar" => Instruction.Create(Parse($"Sar_rm{size * 8}_1"), Reg(size), 1),
            "Rol" => Instruction.Create(Parse($"Rol_rm{size * 8}_imm8"), Reg(size), _random.Next(70)),
            "Neg" => Instruction.Create(Parse($"Neg_rm{size * 8}"), Reg(size)),
            "Not" => Instruction.Create(Parse($"Not_rm{size * 8}"), Reg(size)),
            "Imul" => Instruction.Create(Parse($"Imul_r{bits}_rm{bits}"), Reg(wide), Reg(wide)),
            "Movzx" => Instruction.Create(Parse($"Movzx_r{Math.Max(bits, 32)}_rm8"), Reg(Math.Max(wide, 4)), Reg(1)),
            "Sete" => Instruction.Create(Iced.Intel.Code.Sete_rm8, Reg(1)),
            "Setb" => Instruction.Create(Iced.Intel.Code.Setb_rm8, Memory()),
            "Cmovne" => Instruction.Create(Parse($"Cmovne_r{bits}_rm{bits}"), Reg(wide), Reg(wide)),
            "Xchg" => Instruction.Create(Parse($"Xchg_rm{size * 8}_r{size * 8}"), Reg(size), Reg(size)),
            "Bsf" => Instruction.Create(Parse($"Bsf_r{bits}_rm{bits}"), Reg(wide), Reg(wide)),
            _ => Instruction.Create(Parse($"Bt_rm{bits}_imm8"), Reg(wide), _random.Next(64)),
        };
    }

    private static void Jump(Assembler a, int cc, Label label)
    {
        switch (cc)
        {
            case 0: a.jo(label); break;
            case 1: a.jno(label); break;
            case 2: a.jb(label); break;
            case 3: a.jae(label); break;
            case 4: a.je(label); break;
            case 5: a.jne(label); break;
            case 6: a.jbe(label); break;
            case 7: a.ja(label); break;
            case 8: a.js(label); break;
            case 9: a.jns(label); break;
            case 10: a.jp(label); break;
            case 11: a.jnp(label); break;
            case 12: a.jl(label); break;
            case 13: a.jge(label); break;
            case 14: a.jle(label); break;
            default: a.jg(label); break;
        }
    }

    private static Iced.Intel.Code Parse(string name) => Enum.Parse<Iced.Intel.Code>(name);

    /// <summary>A random writable register of <paramref name="size"/> bytes; 32-bit byte forms include AH-DH, which stay with the interpreter.</summary>
    private Register Reg(int size)
    {
        if (size == 1 && !_long)
            return (_random.Next(2) == 0 ? Register.AL : Register.AH) + _random.Next(3);
        return Gpr(_pool[_random.Next(_pool.Length)], size);
    }

    private static Register Gpr(int index, int size) => size switch
    {
        1 => index < 4 ? Register.AL + index : Register.SPL + (index - 4),
        2 => Register.AX + index,
        4 => Register.EAX + index,
        _ => Register.RAX + index,
    };

    /// <summary>A data-page operand; with <paramref name="anyIndex"/> a random register scaled on top, which may point anywhere.</summary>
    private MemoryOperand Memory(bool anyIndex = false)
    {
        var displacement = _random.Next(4096 - 8);
        var index = anyIndex && _random.Next(2) == 0 ? Reg(_long ? 8 : 4) : Register.None;
        return new MemoryOperand(_base, index, 1 << _random.Next(4), displacement, _long ? 8 : 4, false, Register.None);
    }

    private int Immediate(int size) => size switch
    {
        1 => _random.Next(-128, 128),
        2 => _random.Next(-32768, 32768),
        _ => (int)Interesting(),
    };

    /// <summary>Values that reach the flags' edges: zero, one, all ones, sign bits of each size, and plain random.</summary>
    private ulong Interesting() => _random.Next(8) switch
    {
        0 => 0,
        1 => 1,
        2 => ulong.MaxValue,
        3 => 0x80UL << (8 * _random.Next(8)),
        4 => (0x80UL << (8 * _random.Next(8))) - 1,
        5 => (ulong)_random.Next(256),
        _ => (ulong)_random.NextInt64(),
    };
}
