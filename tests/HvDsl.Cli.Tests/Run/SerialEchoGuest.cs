using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary>Real-mode guests that copy what a 16550 receives to port 0xE9 up to the first '\n', then halt with IF = 0.</summary>
internal static class SerialEchoGuest
{
    /// <summary>Where <see cref="ByInterrupt"/>'s set-up code starts (pass it as <c>--entry</c>); the handler is at 0x1000.</summary>
    public const int SleeperEntry = 0x1040;

    /// <summary>
    /// At 0x1000, the UART's interrupt handler: drains the receiver to port 0xE9 and halts with IF = 0 after the first '\n'.
    /// At <see cref="SleeperEntry"/>: sets up the PIC (IRQ <paramref name="irq"/> at vector 0x20 + irq), the UART's receive interrupt
    /// and its modem control <paramref name="modemControl"/> (OUT2 at least), then sleeps in STI; HLT.
    /// </summary>
    public static byte[] ByInterrupt(ushort uart, int irq, byte modemControl)
    {
        var handler = GuestCode.Assemble(16, a =>
        {
            var done = a.CreateLabel();
            EchoToNewline(a, uart, whenEmpty: done);
            a.Label(ref done);
            a.mov(al, 0x20);
            a.@out(0x20, al);
            a.iret();
        }, 0x1000);
        var vector = 0x20 + irq;
        var sleeper = GuestCode.Assemble(16, a =>
        {
            var sleep = a.CreateLabel();
            a.cli();
            foreach (var (port, value) in new (byte, byte)[] { (0x20, 0x11), (0x21, 0x20), (0x21, 0x04), (0x21, 0x01), (0x21, (byte)~(1 << irq)), (0xA0, 0x11), (0xA1, 0x28), (0xA1, 0x02), (0xA1, 0x01), (0xA1, 0xFF) })
            {
                a.mov(al, value);
                a.@out(port, al);
            }
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.mov(__word_ptr[vector * 4], 0x1000);
            a.mov(__word_ptr[vector * 4 + 2], ax);
            a.mov(dx, (short)(uart + 1));
            a.mov(al, 0x01);
            a.@out(dx, al);
            a.mov(dx, (short)(uart + 4));
            a.mov(al, modemControl);
            a.@out(dx, al);
            a.Label(ref sleep);
            a.sti();
            a.hlt();
            a.jmp(sleep);
        }, SleeperEntry);
        return [.. handler, .. new byte[SleeperEntry - 0x1000 - handler.Length], .. sleeper];
    }

    /// <summary>Polls LSR bit 0 (data ready), copies RBR to port 0xE9, and halts with IF = 0 after the first '\n'.</summary>
    public static void Polling(Assembler a, ushort uart)
    {
        a.cli();
        EchoToNewline(a, uart, whenEmpty: null);
    }

    /// <summary>Copies received bytes to port 0xE9 and halts after a '\n'; an empty receiver jumps to <paramref name="whenEmpty"/>, or polls again when null.</summary>
    private static void EchoToNewline(Assembler a, ushort uart, Label? whenEmpty)
    {
        var next = a.CreateLabel();
        a.Label(ref next);
        a.mov(dx, (short)(uart + 5));
        a.@in(al, dx);
        a.test(al, 1);
        a.jz(whenEmpty ?? next);
        a.mov(dx, (short)uart);
        a.@in(al, dx);
        a.@out(0xE9, al);
        a.cmp(al, (byte)'\n');
        a.jne(next);
        a.hlt();
    }
}
