"""The command that uploads output/ to a host other than GitHub Pages (``invoke deploy``)."""
from bantin.core.errors import UserError
from bantin.core.i18n import _



class DeployError(UserError):
    """The deployment target is unknown or not configured."""


def deploy_command(target, deploy_settings, output="output", dry_run=False):
    """The argv that uploads ``output`` to ``target`` ("rsync" or "s3").

    Credentials are not ours to hold: rsync uses the SSH agent, the AWS CLI the
    usual AWS_* environment variables.

    Example: deploy_command("rsync", {"rsync": {"dest": "u@h:/srv/"}})
             == ["rsync", "-rlz", "--delete", "--checksum", "output/", "u@h:/srv/"]
    """
    if target not in ("rsync", "s3"):
        raise DeployError(_("unknown target {target!r}; use rsync or s3", target=target))
    conf = deploy_settings.get(target)
    if not conf:
        raise DeployError(_("no DEPLOY[{target!r}] settings in publishconf.py", target=target))
    if target == "rsync":
        argv = ["rsync", "-rlz", "--delete", "--checksum", f"{output.rstrip('/')}/", conf["dest"]]
        return argv[:1] + ["--dry-run"] + argv[1:] if dry_run else argv
    argv = ["aws", "s3", "sync", f"{output.rstrip('/')}/", conf["bucket"], "--delete"]
    if conf.get("endpoint"):
        argv += ["--endpoint-url", conf["endpoint"]]
    return argv + (["--dryrun"] if dry_run else [])
