using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace TinyBoard;

/// <summary>
/// The guest the sample boots: a real-mode program at <see cref="Load"/> that prints the CPU vendor, programs the PIC,
/// takes <see cref="Readings"/> thermometer interrupts (printing each reading), and exits with the readings' sum.
/// </summary>
public static class TinyGuest
{
    /// <summary>Where the image is loaded and starts.</summary>
    public const ushort Load = 0x1000;

    /// <summary>How many readings the guest takes.</summary>
    public const int Readings = 3;

    /// <summary>What the guest prints, run from reset.</summary>
    public const string Output = "TinyBoardCPU\nreading 21\nreading 22\nreading 23\n";

    /// <summary>The status it exits with: 21 + 22 + 23.</summary>
    public const int ExitStatus = 66;

    private const ushort Handler = 0x1100;
    private const ushort Data = 0x1200;
    private const ushort VendorText = Data;            // 12 bytes and a newline
    private const ushort ReadingText = Data + 0x10;    // "reading NN\n"
    private const ushort Digits = ReadingText + 8;
    private const ushort Done = Data + 0x20;
    private const ushort Sum = Data + 0x22;
    private const ushort End = Data + 0x30;

    private const ushort PicCommand = TinyBoardMachine.PicPort;
    private const ushort PicData = TinyBoardMachine.PicPort + 1;
    private const byte VectorBase = 0x20;
    private const byte ThermometerIrq = 3;
    private const ushort ThermometerPort = 0x100;
    private const ulong PrintCall = 1;
    private const ulong ExitCall = 2;

    /// <summary>Assembles the image, to be loaded at <see cref="Load"/> and started there in real mode.</summary>
    public static byte[] Build()
    {
        var image = new byte[End - Load];
        Place(image, Load, Main());
        Place(image, Handler, Interrupt());
        var vendorLine = "????????????\n"u8;
        vendorLine.CopyTo(image.AsSpan(VendorText - Load));
        "reading 00\n"u8.CopyTo(image.AsSpan(ReadingText - Load));
        return image;
    }

    private static Assembler Main()
    {
        var a = new Assembler(16);
        var next = a.CreateLabel();
        var wait = a.CreateLabel();
        a.cli();
        a.xor(ax, ax);
        a.mov(ds, ax);
        a.mov(ss, ax);
        a.mov(sp, 0xFFF0);
        // CPUID leaf 0 (answered by TinyTrapHandler.OnCpuid) spells the vendor in EBX, EDX, ECX.
        a.xor(eax, eax);
        a.cpuid();
        a.mov(__dword_ptr[VendorText], ebx);
        a.mov(__dword_ptr[VendorText + 4], edx);
        a.mov(__dword_ptr[VendorText + 8], ecx);
        Print(a, VendorText, 13);
        // The 8259A alone (ICW1 single, ICW4 needed), IR0 at VectorBase, 8086 mode, only the thermometer's IR3 unmasked.
        Out(a, PicCommand, 0x13);
        Out(a, PicData, VectorBase);
        Out(a, PicData, 0x01);
        Out(a, PicData, unchecked((byte)~(1 << ThermometerIrq)));
        a.mov(__word_ptr[(VectorBase + ThermometerIrq) * 4], Handler);
        a.mov(__word_ptr[(VectorBase + ThermometerIrq) * 4 + 2], 0);
        Out(a, ThermometerPort + 1, 0x02);              // Status.InterruptEnable
        a.mov(si, Readings);
        a.Label(ref next);
        a.mov(__byte_ptr[Done], 0);
        Out(a, ThermometerPort, 0x01);                  // Command.Measure: IRQ 3 rises, held off by IF = 0
        a.Label(ref wait);
        a.sti();
        a.hlt();                                        // the interrupt wakes the halt
        a.cli();
        a.cmp(__byte_ptr[Done], 0);
        a.je(wait);
        // The handler left the reading in AL's place at Done + 1: two decimal digits into the text.
        a.movzx(ax, __byte_ptr[Done + 1]);
        a.add(__word_ptr[Sum], ax);
        a.mov(bl, 10);
        a.div(bl);
        a.add(ax, 0x3030);
        a.mov(__word_ptr[Digits], ax);
        Print(a, ReadingText, 11);
        a.dec(si);
        a.jnz(next);
        a.mov(eax, (uint)ExitCall);
        a.movzx(ebx, __word_ptr[Sum]);
        a.vmcall();
        a.hlt();
        return a;
    }

    // IRQ 3: take the reading, clear Done (which lowers the line), end the interrupt at the PIC.
    private static Assembler Interrupt()
    {
        var a = new Assembler(16);
        a.push(ax);
        a.push(dx);
        a.mov(dx, ThermometerPort + 2);
        a.@in(al, dx);
        a.mov(__byte_ptr[Done + 1], al);
        a.mov(__byte_ptr[Done], 1);
        Out(a, ThermometerPort + 1, 0x03);             // Done written 1 (cleared), InterruptEnable kept
        Out(a, PicCommand, 0x20);                       // non-specific EOI
        a.pop(dx);
        a.pop(ax);
        a.iret();
        return a;
    }

    private static void Print(Assembler a, ushort address, uint length)
    {
        a.mov(eax, (uint)PrintCall);
        a.mov(ebx, address);
        a.mov(ecx, length);
        a.vmcall();
    }

    private static void Out(Assembler a, ushort port, byte value)
    {
        a.mov(dx, port);
        a.mov(al, value);
        a.@out(dx, al);
    }

    private static void Place(byte[] image, ushort address, Assembler code)
    {
        var stream = new MemoryStream();
        code.Assemble(new StreamCodeWriter(stream), address);
        var bytes = stream.ToArray();
        if (address - Load + bytes.Length > image.Length) throw new InvalidOperationException($"code at 0x{address:X} overruns its room");
        bytes.CopyTo(image, address - Load);
    }
}
