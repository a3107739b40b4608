using System;
using System.Buffers.Binary;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>
/// The hello guest: starts in real mode at 0x1000 and climbs to long mode by itself, printing on the Bochs debug
/// console (port 0xE9) in each mode, then halts with interrupts disabled.
/// </summary>
internal static class HelloGuest
{
    /// <summary>Where the image is loaded and starts.</summary>
    public const ulong Load = 0x1000;

    // Layout: one section per bitness, then data; the room each gets is checked when the image is linked.
    private const ulong RealCode = 0x1000;
    private const ulong ProtectedCode = 0x1100;
    private const ulong LongCode = 0x1200;
    private const ulong Data = 0x1300;

    // Page tables the guest builds for long mode: PML4, PDPT, and one directory of 2 MiB pages covering the first GiB.
    private const uint Pml4 = 0x10000;
    private const uint Pdpt = 0x11000;
    private const uint PageDirectory = 0x12000;

    private const ushort DebugConsole = 0xE9;
    private const ushort Code32 = 0x08;
    private const ushort DataSelector = 0x10;
    private const ushort Code64 = 0x18;

    /// <summary>Assembles the image.</summary>
    public static byte[] Build()
    {
        var data = new DataBlock(Data);
        var real = data.String("Hello from real mode\n");
        var protectedMode = data.String("Hello from protected mode\n");
        var longMode = data.String("Hello from long mode\n");
        var gdt = data.Add(Gdt());
        var gdtPointer = data.Add(DescriptorPointer(gdt, 4 * 8 - 1));

        var image = new GuestImage(Load);
        image.Code(RealCode, RealMode(real, gdtPointer));
        image.Code(ProtectedCode, ProtectedMode(protectedMode));
        image.Code(LongCode, LongMode(longMode));
        image.Place(Data, data.Bytes);
        return image.ToArray();
    }

    private static Assembler RealMode(GuestString message, uint gdtPointer)
    {
        var a = new Assembler(16);
        a.cli();                                        // no IDT exists yet: nothing may interrupt us
        a.xor(ax, ax);                                  // flat real-mode segments at 0
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(ss, ax);
        a.mov(sp, 0xFFF0);
        a.cld();                                        // string instructions count upwards
        a.mov(si, (ushort)message.Address);             // print through the debug console, one OUTSB per byte
        a.mov(cx, (ushort)message.Length);
        a.mov(dx, DebugConsole);
        a.rep.outsb();
        a.lgdt(__[gdtPointer]);                         // flat code and data descriptors for protected mode
        a.mov(eax, cr0);                                // CR0.PE = 1 enters protected mode ...
        a.or(eax, 1);
        a.mov(cr0, eax);
        a.jmp(Code32, (uint)ProtectedCode);             // ... and a far jump loads a 32-bit CS
        return a;
    }

    private static Assembler ProtectedMode(GuestString message)
    {
        var a = new Assembler(32);
        a.mov(ax, DataSelector);                        // flat 4 GiB data segments
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(ss, ax);
        a.mov(esp, 0xFFF0);
        a.mov(esi, message.Address);
        a.mov(ecx, message.Length);
        a.mov(dx, DebugConsole);
        a.rep.outsb();

        a.mov(edi, Pml4);                               // clear the three table pages
        a.xor(eax, eax);
        a.mov(ecx, 3 * 4096 / 4);
        a.rep.stosd();
        a.mov(__dword_ptr[Pml4], Pdpt | 3);             // PML4[0] -> PDPT (present, writable)
        a.mov(__dword_ptr[Pdpt], PageDirectory | 3);    // PDPT[0] -> page directory
        a.mov(edi, PageDirectory);                      // PD[i] = i * 2 MiB, present, writable, large page
        a.mov(eax, 0x83);
        a.mov(ecx, 512);
        var fill = a.CreateLabel();
        a.Label(ref fill);
        a.mov(__dword_ptr[edi], eax);
        a.add(eax, 0x20_0000);
        a.add(edi, 8);
        a.loop(fill);

        a.mov(eax, cr4);                                // CR4.PAE: long mode needs PAE paging
        a.or(eax, 0x20);
        a.mov(cr4, eax);
        a.mov(eax, Pml4);
        a.mov(cr3, eax);
        a.mov(ecx, 0xC000_0080);                        // EFER.LME = 1 asks for long mode ...
        a.rdmsr();
        a.or(eax, 0x100);
        a.wrmsr();
        a.mov(eax, cr0);                                // ... and CR0.PG = 1 activates it
        a.or(eax, unchecked((int)0x8000_0000));
        a.mov(cr0, eax);
        a.jmp(Code64, (uint)LongCode);                  // a 64-bit CS leaves compatibility mode
        return a;
    }

    private static Assembler LongMode(GuestString message)
    {
        var a = new Assembler(64);
        a.mov(rsi, message.Address);
        a.mov(ecx, message.Length);
        a.mov(dx, DebugConsole);
        a.rep.outsb();
        a.hlt();                                        // IF = 0, so this ends the run with status 0
        return a;
    }

    /// <summary>Null, 32-bit code (0x08), data (0x10) and 64-bit code (0x18), all flat.</summary>
    private static byte[] Gdt()
    {
        var gdt = new byte[4 * 8];
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(Code32), 0x00CF_9A00_0000_FFFFUL);
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(DataSelector), 0x00CF_9200_0000_FFFFUL);
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(Code64), 0x00AF_9A00_0000_FFFFUL);
        return gdt;
    }

    /// <summary>The 6-byte operand of LGDT/LIDT: limit, then base.</summary>
    internal static byte[] DescriptorPointer(uint address, ushort limit)
    {
        var pointer = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(pointer, limit);
        BinaryPrimitives.WriteUInt32LittleEndian(pointer.AsSpan(2), address);
        return pointer;
    }
}
