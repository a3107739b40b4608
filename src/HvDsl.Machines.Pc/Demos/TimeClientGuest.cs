using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>
/// The <c>timeclient</c> guest: in long mode it connects through the socket bridge to the TimeServer (port 12345),
/// reads the line (asking again while the bridge answers -EAGAIN), closes, prints it on COM1 polling LSR.THRE, then
/// halts with interrupts disabled.
/// </summary>
/// <remarks>The machine's services must run (<see cref="PcMachine.StartServices"/>); otherwise the connect fails and the guest prints nothing.</remarks>
internal static class TimeClientGuest
{
    /// <summary>Where the image is loaded and starts.</summary>
    public const ulong Load = 0x10_0000;

    // Where the received bytes go, and how many the guest reads at most.
    private const ulong Buffer = 0x20_0000;
    private const int BufferSize = 256;
    private const int TimeServerPort = 12345;
    private const int Again = -11;
    private const ushort Com1 = 0x3F8;
    private const ushort Com1LineStatus = Com1 + 5;
    private const int TransmitHoldingEmpty = 0x20;

    /// <summary>Assembles the image.</summary>
    public static byte[] Build()
    {
        var a = new Assembler(64);
        Label read = a.CreateLabel(), retry = a.CreateLabel(), close = a.CreateLabel(), print = a.CreateLabel(), busy = a.CreateLabel(),
            exit = a.CreateLabel();

        // r12 = SocketConnect(12345); a negative result means no connection, so there is nothing to print.
        a.mov(eax, 0x110);
        a.mov(ebx, TimeServerPort);
        a.vmcall();
        a.xor(r13d, r13d);
        a.test(rax, rax);
        a.js(exit);
        a.mov(r12, rax);

        // Read until end of stream, an error or a full buffer; r13 counts the bytes received.
        a.Label(ref read);
        a.mov(eax, 0x111);
        a.mov(rbx, r12);
        a.mov(rcx, Buffer);
        a.add(rcx, r13);
        a.mov(edx, BufferSize);
        a.sub(edx, r13d);
        a.jz(close);
        a.vmcall();
        a.cmp(rax, Again);
        a.je(retry);
        a.test(rax, rax);
        a.jle(close);
        a.add(r13, rax);
        a.jmp(read);

        // Nothing yet (the bridge never blocks): pause, as a spin-wait should, and ask again.
        a.Label(ref retry);
        a.pause();
        a.jmp(read);

        a.Label(ref close);
        a.mov(eax, 0x113);
        a.mov(rbx, r12);
        a.vmcall();

        // Print r13 bytes from the buffer, waiting for THRE before each, as a driver for a real 16550 must.
        a.mov(rsi, Buffer);
        a.Label(ref print);
        a.test(r13, r13);
        a.jz(exit);
        a.Label(ref busy);
        a.mov(dx, Com1LineStatus);
        a.@in(al, dx);
        a.test(al, TransmitHoldingEmpty);
        a.jz(busy);
        a.mov(al, __byte_ptr[rsi]);
        a.mov(dx, Com1);
        a.@out(dx, al);
        a.inc(rsi);
        a.dec(r13);
        a.jmp(print);

        a.Label(ref exit);
        a.cli();
        a.hlt();

        var image = new GuestImage(Load);
        image.Code(Load, a);
        return image.ToArray();
    }
}
