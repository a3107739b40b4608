using System.IO;
using HvDsl.Runtime;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The <c>timeclient</c> guest: in long mode it connects through the socket bridge to the TimeServer (port 12345),
/// reads the line, closes, prints it on COM1 polling LSR.THRE, then writes the debug-exit port and halts.
/// </summary>
/// <remarks>Run the machine's services first (<see cref="PcMachine.StartServices"/>); otherwise the connect fails and the guest prints nothing.</remarks>
public static class TimeClientDemo
{
    /// <summary>The demo's name on the command line.</summary>
    public const string Name = "timeclient";

    /// <summary>Where the code is loaded and starts.</summary>
    public const ulong Entry = 0x10_0000;

    /// <summary>Where the received bytes are stored.</summary>
    public const ulong Buffer = 0x20_0000;

    /// <summary>The most bytes the guest reads before it stops reading.</summary>
    public const int BufferSize = 256;

    private const ulong BootArea = 0x1_0000;
    private const ulong Stack = 0x8_0000;
    private const int TimeServerPort = 12345;
    private const ushort Com1 = 0x3F8;
    private const ushort Com1LineStatus = Com1 + 5;
    private const int TransmitHoldingEmpty = 0x20;
    private const byte DebugExitPort = 0xF4;

    /// <summary>Loads the guest into <paramref name="machine"/> and puts its vCPU in long mode at <see cref="Entry"/>.</summary>
    public static void Load(PcMachine machine)
    {
        machine.Vm.Memory.Load(Entry, Assemble());
        GuestBoot.Long(machine.Vm, BootArea, Entry, Stack);
    }

    /// <summary>The guest's machine code, assembled for <see cref="Entry"/>.</summary>
    public static byte[] Assemble()
    {
        var a = new Assembler(64);
        Label read = a.CreateLabel(), close = a.CreateLabel(), print = a.CreateLabel(), busy = a.CreateLabel(), exit = a.CreateLabel();

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
        a.test(rax, rax);
        a.jle(close);
        a.add(r13, rax);
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
        a.mov(al, 0);
        a.@out(DebugExitPort, al);
        a.hlt();

        using var code = new MemoryStream();
        a.Assemble(new StreamCodeWriter(code), Entry);
        return code.ToArray();
    }
}
