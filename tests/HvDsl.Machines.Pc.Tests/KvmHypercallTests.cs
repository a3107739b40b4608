using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Machines.Pc;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The KVM-style hypercalls, called through the generated dispatcher with arguments in the declared registers.</summary>
public sealed class KvmHypercallTests : IDisposable
{
    private const ulong Buffer = 0x1000;
    private readonly MemoryStream console = new();
    private readonly PcMachine machine;

    public KvmHypercallTests() => machine = new PcMachine(console);

    public void Dispose()
    {
        machine.Kvm.Dispose();
        machine.Dispose();
    }

    private ulong Call(ulong number, ulong rbx = 0, ulong rcx = 0, ulong rdx = 0)
    {
        var cpu = machine.Vm.Cpu;
        cpu.SetRegister(Register.RBX, rbx);
        cpu.SetRegister(Register.RCX, rcx);
        cpu.SetRegister(Register.RDX, rdx);
        return machine.Kvm.Dispatch(cpu, number);
    }

    private static ulong Error(long errno) => unchecked((ulong)-errno);

    /// <summary>Makes the call again while it answers -EAGAIN, as a guest would; generously bounded in case nothing ever comes.</summary>
    private ulong Poll(ulong number, ulong rbx = 0, ulong rcx = 0, ulong rdx = 0)
    {
        var result = Call(number, rbx, rcx, rdx);
        for (var tries = 0; result == Error(11) && tries < 30_000; tries++)
        {
            Thread.Sleep(1);
            result = Call(number, rbx, rcx, rdx);
        }
        return result;
    }

    /// <summary>A host service that accepts one connection and then says nothing.</summary>
    private TcpListener SilentService(out ushort port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        machine.Kvm.Sockets.Route(port, (IPEndPoint)listener.LocalEndpoint);
        return listener;
    }

    private byte[] Read(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(machine.Vm.Memory.Read(address, bytes));
        return bytes;
    }

    [Fact]
    public void Console_write_copies_guest_memory_to_the_console_and_returns_the_length()
    {
        machine.Vm.Memory.Load(Buffer, "hello"u8);

        Assert.Equal(5UL, Call(0x100, Buffer, 5));
        Assert.Equal("hello", Encoding.ASCII.GetString(console.ToArray()));
    }

    [Fact]
    public void Console_write_from_unbacked_memory_returns_efault()
    {
        Assert.Equal(Error(14), Call(0x100, 0xFFFF_0000_0000, 5));
        Assert.Equal(0, console.Length);
    }

    [Fact]
    public void Clock_pairing_writes_wall_time_and_the_tsc_to_guest_memory()
    {
        machine.Kvm.Time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250));

        Assert.Equal(0UL, Call(9, Buffer, 0));
        Span<byte> pairing = stackalloc byte[24];
        machine.Vm.Memory.Read(Buffer, pairing);
        Assert.Equal(1_700_000_000L, BinaryPrimitives.ReadInt64LittleEndian(pairing));
        Assert.Equal(250_000_000L, BinaryPrimitives.ReadInt64LittleEndian(pairing[8..]));
        Assert.Equal(machine.Vm.Clock.NowNanoseconds, BinaryPrimitives.ReadUInt64LittleEndian(pairing[16..]));
    }

    [Fact]
    public void Clock_pairing_running_past_the_end_of_ram_returns_efault_and_writes_nothing()
    {
        var ramEnd = machine.Vm.Memory.Regions.Where(r => r.Kind == MemoryRegionKind.Ram).Max(r => r.Start + r.Size);

        Assert.Equal(Error(14), Call(9, ramEnd - 16, 0));
        var tail = new byte[16];
        Assert.True(machine.Vm.Memory.Read(ramEnd - 16, tail));
        Assert.Equal(new byte[16], tail);
    }

    [Fact]
    public void Clock_pairing_of_an_unknown_clock_type_returns_eopnotsupp()
    {
        Assert.Equal(Error(95), Call(9, Buffer, 1));
    }

    [Fact]
    public void Wall_clock_returns_unix_seconds()
    {
        machine.Kvm.Time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(86_400));

        Assert.Equal(86_400UL, Call(0x101));
    }

    [Fact]
    public void Socket_connect_to_a_port_the_machine_does_not_serve_returns_eperm()
    {
        Assert.Equal(Error(1), Call(0x110, 9));
    }

    [Fact]
    public void Socket_calls_move_bytes_between_guest_memory_and_a_host_service()
    {
        using var listener = SilentService(out var port);
        machine.Vm.Memory.Load(Buffer, "ping"u8);

        var handle = Call(0x110, port);
        using var server = listener.AcceptTcpClient().GetStream();
        Assert.Equal(4UL, Poll(0x112, handle, Buffer, 4));
        var received = new byte[4];
        server.ReadExactly(received);
        server.Write("pong"u8);
        Assert.Equal(4UL, Poll(0x111, handle, Buffer + 16, 4));
        Assert.Equal(0UL, Call(0x113, handle));

        Assert.Equal("ping", Encoding.ASCII.GetString(received));
        Assert.Equal("pong", Encoding.ASCII.GetString(Read(Buffer + 16, 4)));
    }

    [Fact]
    public void Socket_read_from_a_silent_service_returns_eagain_at_once_and_leaves_the_buffer_untouched()
    {
        using var listener = SilentService(out var port);
        machine.Vm.Memory.Load(Buffer, "keep"u8);
        var handle = Call(0x110, port);
        using var server = listener.AcceptTcpClient();

        // A blocking bridge would spend its 5 s timeout on each of these and answer -ETIMEDOUT.
        for (var i = 0; i < 100; i++)
            Assert.Equal(Error(11), Call(0x111, handle, Buffer, 4));
        Assert.Equal("keep", Encoding.ASCII.GetString(Read(Buffer, 4)));
    }

    [Fact]
    public void Socket_read_with_a_bad_handle_returns_ebadf_and_leaves_the_buffer_untouched()
    {
        machine.Vm.Memory.Load(Buffer, "keep"u8);

        Assert.Equal(Error(9), Call(0x111, 77, Buffer, 4));
        Assert.Equal("keep", Encoding.ASCII.GetString(Read(Buffer, 4)));
    }

    [Fact]
    public void Socket_read_into_a_buffer_past_the_end_of_ram_returns_efault_writes_nothing_and_keeps_the_bytes()
    {
        using var listener = SilentService(out var port);
        var ramEnd = machine.Vm.Memory.Regions.Where(r => r.Kind == MemoryRegionKind.Ram).Max(r => r.Start + r.Size);
        machine.Vm.Memory.Load(ramEnd - 2, "kk"u8);
        var handle = Call(0x110, port);
        using var server = listener.AcceptTcpClient().GetStream();
        server.Write("pong"u8);

        Assert.Equal(Error(14), Poll(0x111, handle, ramEnd - 2, 4));
        Assert.Equal("kk", Encoding.ASCII.GetString(Read(ramEnd - 2, 2)));
        Assert.Equal(4UL, Poll(0x111, handle, Buffer, 4));
        Assert.Equal("pong", Encoding.ASCII.GetString(Read(Buffer, 4)));
    }

    [Fact]
    public async Task Guest_polling_a_silent_service_ends_when_its_instruction_budget_ends()
    {
        using var listener = SilentService(out var port);
        const ulong budget = 200_000;
        machine.Vm.Memory.Load(0x10_0000, Guest.Assemble(64, 0x10_0000, a =>
        {
            var read = a.CreateLabel();
            a.mov(eax, 0x110);
            a.mov(ebx, (uint)port);
            a.vmcall();
            a.mov(r12, rax);
            a.Label(ref read);
            a.mov(eax, 0x111);
            a.mov(rbx, r12);
            a.mov(ecx, (uint)Buffer);
            a.mov(edx, 64);
            a.vmcall();
            a.jmp(read);
        }));
        GuestBoot.Long(machine.Vm, 0x1_0000, 0x10_0000, 0x8_0000);
        var start = machine.Vm.Cpu.InstructionCount;

        // Generous bound: each of the thousands of reads would take 5 s if the bridge blocked.
        var exit = await Task.Run(() => machine.Vm.Run(budget)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal(budget, machine.Vm.Cpu.InstructionCount - start);
    }

    [Fact]
    public void Unknown_socket_handle_returns_ebadf()
    {
        Assert.Equal(Error(9), Call(0x113, 77));
    }
}
