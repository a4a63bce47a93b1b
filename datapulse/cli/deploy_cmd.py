"""placeholder"""

import click

group = click.Group("deploy")
