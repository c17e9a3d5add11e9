namespace VeilorQA.Harness.Machines.TinyGuest;

/// <summary>The shell scripts baked into the tiny guest's initramfs.</summary>
internal static class TinyGuestScripts
{
    /// <summary>PID 1: mounts, modules, network, facts on ttyS0, SSH, 9p, then a shell on the console forever.</summary>
    public const string Init = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
        mkdir -p /proc /sys /dev /run /tmp /var/log /mnt/veilorqa-logs
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        mkdir -p /dev/pts /dev/shm
        mount -t devpts -o gid=5,mode=620 devpts /dev/pts
        # The accelerator probe only needs proof that Linux got this far: say so and power off.
        case " $(cat /proc/cmdline) " in *" veilorqa.probe "*) echo "VEILORQA-TINY-READY"; poweroff -f;; esac
        for m in $(cat /etc/veilorqa-modules); do modprobe "$m" 2>/dev/null; done
        [ -d /sys/firmware/efi/efivars ] && mount -t efivarfs efivarfs /sys/firmware/efi/efivars
        hostname veilorqa-tiny
        ip link set lo up
        # Devices probe asynchronously after modprobe: wait (bounded) for the NIC.
        i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
        ip link set eth0 up 2>/dev/null && udhcpc -i eth0 -q -n -t 5 -T 2 -s /etc/udhcpc.script >/dev/null 2>&1
        echo "VEILORQA-IP=$(ip -4 -o addr show eth0 2>/dev/null | awk '{print $4}')"
        sb=unknown
        f=$(ls /sys/firmware/efi/efivars/SecureBoot-* 2>/dev/null | head -n1)
        if [ -n "$f" ]; then
          # 4 bytes of attributes, then the value; read it whole (efivarfs and seeking do not mix well).
          v=$(cat "$f" | od -An -tu1 | awk '{print $5; exit}')
          [ "$v" = 1 ] && sb=enabled || sb=disabled
        elif [ ! -d /sys/firmware/efi ]; then sb=bios
        fi
        echo "VEILORQA-SECUREBOOT=$sb"
        dmesg | grep -i 'secure boot' | sed 's/^/VEILORQA-DMESG: /'
        [ -e /dev/tpm0 ] && echo "VEILORQA-TPM=/dev/tpm0" || echo "VEILORQA-TPM=none"
        if cat /sys/bus/virtio/drivers/9pnet_virtio/*/mount_tag 2>/dev/null | tr '\0' '\n' | grep -qx veilorqa-logs; then
          mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 veilorqa-logs /mnt/veilorqa-logs && echo "VEILORQA-9P=/mnt/veilorqa-logs"
        fi
        dropbear -r /etc/dropbear/dropbear_ed25519_host_key -p 22 -s -E 2>/var/log/dropbear.log
        echo "VEILORQA-TINY-READY"
        while true; do setsid cttyhack sh -l; sleep 1; done
        """;

    /// <summary>udhcpc's hook: applies the lease (user-mode networking hands out 10.0.2.15/24 via 10.0.2.2).</summary>
    public const string Udhcpc = """
        #!/bin/sh
        case "$1" in
          bound|renew)
            ip addr flush dev "$interface"
            ip addr add "$ip/${mask:-24}" dev "$interface"
            for r in $router; do ip route add default via "$r" dev "$interface"; done
            : > /etc/resolv.conf
            for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
            ;;
        esac
        exit 0
        """;

    public const string Profile = """
        export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
        PS1='tiny# '
        """;
}
