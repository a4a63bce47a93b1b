"""placeholder"""

import click

group = click.Group("cleanup")
