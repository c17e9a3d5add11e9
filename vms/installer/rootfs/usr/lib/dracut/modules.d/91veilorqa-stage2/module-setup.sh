#!/bin/bash
# dracut module: accept Anaconda's inst.stage2=hd:CDLABEL=<label> (as anaconda-dracut does) by
# translating it into dmsquash-live's root=live:CDLABEL=<label> rd.live.image
# rd.live.overlay.overlayfs=1 before dmsquash-live reads the command line.
check() { return 255; }
depends() { echo dmsquash-live; }
install() {
    inst_script "$moddir/veilorqa-stage2-generator.sh" "$systemdutildir/system-generators/veilorqa-stage2-generator"
}
