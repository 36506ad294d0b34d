import pytest


@pytest.fixture(autouse=True)
def publish_to_a_folder(folder_deployment, settings):
    folder_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "folder"
